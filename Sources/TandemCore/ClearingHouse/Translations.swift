/// A field written in one language and perhaps translated into others. The language it was written in is kept,
/// so a reader is shown their own language where there is a translation, and otherwise the original, labelled
/// as such ("Original in French") rather than passed off as theirs.
public struct TranslatedText: Equatable, Codable, Sendable {
    public var original: Language
    public var texts: [Language: String]

    public init(_ text: String, in original: Language) {
        self.original = original
        self.texts = [original: text]
    }

    public init(original: Language, texts: [Language: String]) {
        self.original = original
        self.texts = texts
    }

    /// What a reader of `language` is shown, and the language it is in when that is not theirs.
    public struct Shown: Equatable, Sendable {
        public let text: String
        /// nil when the text is in the reader's language.
        public let fallback: Language?

        public init(text: String, fallback: Language?) {
            self.text = text
            self.fallback = fallback
        }
    }

    public func shown(in language: Language) -> Shown {
        if let text = texts[language], !text.isEmpty { return Shown(text: text, fallback: nil) }
        return Shown(text: texts[original] ?? "", fallback: language == original ? nil : original)
    }

    /// Every language's text, for search: a record is found by a word of any of its versions.
    public var allText: String {
        Language.allCases.compactMap { texts[$0] }.joined(separator: "\n")
    }
}

/// An entry of the experts roster lapses four years after it was last updated, unless its State Party renews it:
/// an expert's availability and employer change, and a roster of stale names helps nobody.
public enum ExpertEntry {
    public static let lapseYears = 4

    public static func lapsesOn(lastUpdated: CivilDate) -> CivilDate {
        lastUpdated.adding(years: lapseYears)
    }

    public static func hasLapsed(lastUpdated: CivilDate, on today: CivilDate) -> Bool {
        today >= lapsesOn(lastUpdated: lastUpdated)
    }
}

/// Translations are kept as a JSON object keyed by language code (`{"en": …, "fr": …}`).
extension Language: CodingKeyRepresentable {}
