/// The kinds of file Tandem takes as a signed form, recognised by their first bytes rather than by what
/// the sender claims.
public enum UploadType: String, CaseIterable, Sendable {
    case pdf = "application/pdf"
    case png = "image/png"
    case jpeg = "image/jpeg"

    /// At most 10 MB: a scanned form is far smaller.
    public static let maximumBytes = 10 * 1024 * 1024

    /// How much of an upload the pages read: a file a little past `maximumBytes` is read whole, so the page can say
    /// by its field that it is too large rather than answer with a bare 413.
    public static let readLimit = 3 * maximumBytes

    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .png: "png"
        case .jpeg: "jpg"
        }
    }

    public static func detect<Bytes: Collection>(_ bytes: Bytes) -> UploadType? where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(8))
        if head.starts(with: Array("%PDF-".utf8)) { return .pdf }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }
}
