import Vapor

/// A form or a query string as name and value pairs in the order sent, names repeated for a field with several
/// values (checkboxes, a multiple choice): what a form drawn from a format, rather than a fixed struct, reads.
enum FormBody {
    static func pairs(_ encoded: String) -> [(name: String, value: String)] {
        encoded.split(separator: "&", omittingEmptySubsequences: true).compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let name = parts.first, !name.isEmpty else { return nil }
            return (name, parts.count > 1 ? parts[1] : "")
        }
    }

    /// The pairs of a form sent in the request's body; none when it sent something else.
    static func pairs(_ req: Request) -> [(name: String, value: String)] {
        guard req.headers.contentType == .urlEncodedForm, let body = req.body.string else { return [] }
        return pairs(body).filter { $0.name != "_csrf" }
    }

    /// The last value sent under `name`, as a form's single field reads.
    static func value(_ name: String, in pairs: [(name: String, value: String)]) -> String? {
        pairs.last { $0.name == name }?.value
    }
}
