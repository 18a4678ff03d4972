/// The languages Tandem's pages are written in.
public enum Language: String, CaseIterable, Codable, Sendable {
    case en, fr, es

    /// Picks the first supported language from an `Accept-Language` header, honouring quality values.
    public static func preferred(acceptLanguage header: String) -> Language? {
        let ranked = header.split(separator: ",").enumerated().compactMap { index, part -> (Language, Double, Int)? in
            let pieces = part.split(separator: ";").map { $0.trimmingSpaces }
            guard let tag = pieces.first, !tag.isEmpty else { return nil }
            let primary = String(tag.lowercased().split(separator: "-").first ?? "")
            guard let language = Language(rawValue: primary) else { return nil }
            var quality = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            return quality > 0 ? (language, quality, index) : nil
        }
        return ranked.sorted { ($0.1, -$0.2) > ($1.1, -$1.2) }.first?.0
    }
}
