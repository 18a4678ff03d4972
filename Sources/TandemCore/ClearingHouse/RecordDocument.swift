/// A record's fields in its kind's common format (`RecordFormat`): one value per single field, several per list
/// field, and other languages' versions of the translatable texts. Stored as one flat JSON object
/// (`{"title": "…", "areas": ["…"], "translations": {"fr": {"title": "…"}}}`).
public struct RecordDocument: Equatable, Sendable {
    public var values: [String: String]
    public var lists: [String: [String]]
    /// By language, then field; the record's own language is never here.
    public var translations: [Language: [String: String]]

    public init(values: [String: String] = [:], lists: [String: [String]] = [:], translations: [Language: [String: String]] = [:]) {
        self.values = values
        self.lists = lists
        self.translations = translations
    }

    public subscript(_ name: String) -> String { values[name] ?? "" }

    /// Embeddings, overrides and isolates that reverse the direction of what follows them.
    static let directionMarks: Set<UInt32> = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]

    public func list(_ name: String) -> [String] { lists[name] ?? [] }

    /// Reads a form as sent (name and value pairs, in order): a list field takes every value sent under its name,
    /// a single one its last; a translation comes as `t.fr.title`. Texts are trimmed and their line ends made
    /// plain; anything not in the format is left out.
    public init(format: RecordFormat, original: Language, pairs: [(name: String, value: String)]) {
        self.init()
        func clean(_ value: String) -> String {
            // Control characters (NUL among them) and the marks that reverse a text's direction have no place in a
            // record: they break feeds and exports, and can make a title read as something else.
            let kept = value.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars.filter { scalar in
                scalar == "\n" || scalar == "\t" || !(scalar.properties.generalCategory == .control || RecordDocument.directionMarks.contains(scalar.value))
            }
            return String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let singles = Set(format.fields.filter { !$0.isList }.map(\.name) + format.fields.compactMap(\.otherField))
        let listed = Set(format.fields.filter(\.isList).map(\.name))
        let translatable = Set(format.translatable.map(\.name))
        // Only a long text keeps its lines: a title or a name pasted with a line break reads as one line.
        let long = Set(format.fields.filter { $0.input == .text }.map(\.name))
        for (name, value) in pairs {
            let field = name.hasPrefix("t.") ? String(name.split(separator: ".").last ?? "") : name
            let value = long.contains(field) ? clean(value)
                : clean(value).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            if singles.contains(name) {
                values[name] = value.isEmpty ? nil : value
            } else if listed.contains(name) {
                if !value.isEmpty && !list(name).contains(value) { lists[name, default: []].append(value) }
            } else if name.hasPrefix("t."), case let parts = name.split(separator: ".", maxSplits: 2), parts.count == 3,
                      let language = Language(rawValue: String(parts[1])), language != original, translatable.contains(String(parts[2])) {
                translations[language, default: [:]][String(parts[2])] = value.isEmpty ? nil : value
                if translations[language]?.isEmpty == true { translations[language] = nil }
            }
        }
    }

    /// A translatable field as a reader of each language is shown it.
    public func text(_ field: String, original: Language) -> TranslatedText {
        var texts = translations.compactMapValues { $0[field] }.filter { !$0.value.isEmpty }
        texts[original] = self[field]
        return TranslatedText(original: original, texts: texts)
    }

    /// The values of each coded field, for facets and suggestions.
    public func codes(_ format: RecordFormat) -> [String: Set<String>] {
        var codes: [String: Set<String>] = [:]
        for field in format.fields where field.isCoded {
            let values = field.isList ? list(field.name) : [self[field.name]].filter { !$0.isEmpty }
            if !values.isEmpty { codes[field.name] = Set(values) }
        }
        return codes
    }

    /// Every word written in the record, in every language it has, for full-text search.
    public func writtenText(_ format: RecordFormat) -> String {
        let own = format.fields.filter { [.line, .text].contains($0.input) }.map { self[$0.name] }
            + format.fields.compactMap(\.otherField).map { self[$0] }
        let translated = Language.allCases.flatMap { language in format.translatable.compactMap { translations[language]?[$0.name] } }
        return (own + translated).filter { !$0.isEmpty }.joined(separator: "\n")
    }
}

extension RecordDocument: Codable {
    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: Key.self)
        for key in container.allKeys {
            if key.stringValue == "translations" {
                translations = try container.decode([Language: [String: String]].self, forKey: key)
            } else if let value = try? container.decode(String.self, forKey: key) {
                values[key.stringValue] = value
            } else {
                lists[key.stringValue] = try container.decode([String].self, forKey: key)
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in values { try container.encode(value, forKey: Key(stringValue: name)) }
        for (name, list) in lists { try container.encode(list, forKey: Key(stringValue: name)) }
        if !translations.isEmpty { try container.encode(translations, forKey: Key(stringValue: "translations")) }
    }
}

/// What is wrong with a record, by field, as locale keys. Some problems stop a save (a text too long, a value not
/// in its list, a day that cannot be read, an address that is not a web address); a missing field only stops the
/// record from being sent for review or published (`sending`), so a draft can be saved half written. A file
/// attached to the record (`withFile`) stands in for a library item's link.
public enum RecordCheck {
    /// States Parties a list may name: all of them.
    public static let statesLimit = 200

    public static func problems(_ document: RecordDocument, _ format: RecordFormat, knownStates: Set<String>, today: CivilDate,
                                sending: Bool, withFile: Bool = false) -> [String: String] {
        var problems: [String: String] = [:]
        let areas = Set(ThematicArea.annex2.map(\.key))
        let groups = Set(RegionalGroup.allCases.map(\.slug))
        func blank(_ name: String) -> Bool { document[name].isEmpty && document.list(name).isEmpty }
        for field in format.fields {
            let value = document[field.name]
            let list = document.list(field.name)
            switch field.input {
            case .line, .text:
                let limit = field.input == .line ? FormBounds.shortText : FormBounds.longText
                if value.count > limit { problems[field.name] = "record_text_too_long" }
            case .choice(let vocabulary):
                if !value.isEmpty && !vocabulary.contains(value) { problems[field.name] = "record_value_unknown" }
            case .choices(let vocabulary):
                if list.contains(where: { !vocabulary.contains($0) }) { problems[field.name] = "record_value_unknown" }
            case .area:
                if !value.isEmpty && !areas.contains(value) { problems[field.name] = "record_value_unknown" }
            case .areas:
                if list.contains(where: { !areas.contains($0) }) { problems[field.name] = "record_value_unknown" }
            case .states:
                if list.contains(where: { !knownStates.contains($0) }) { problems[field.name] = "record_value_unknown" }
            case .groups:
                if list.contains(where: { !groups.contains($0) }) { problems[field.name] = "record_value_unknown" }
            case .languages:
                if list.contains(where: { !ApplicationForm.workingLanguageCodes.contains($0) }) { problems[field.name] = "record_value_unknown" }
            case .day:
                if !value.isEmpty && CivilDate(iso: value) == nil {
                    problems[field.name] = "record_day_unreadable"
                } else if let day = CivilDate(iso: value) {
                    if sending && field.ahead && day < today { problems[field.name] = "record_day_past" }
                    if let other = field.notBefore, let earlier = CivilDate(iso: document[other]), day < earlier {
                        problems[field.name] = "record_day_before_" + other
                    }
                }
            case .link:
                if !value.isEmpty && (!(value.hasPrefix("https://") || value.hasPrefix("http://")) || value.contains(where: \.isWhitespace)
                                      || value.count > FormBounds.shortText) {
                    problems[field.name] = "record_link_invalid"
                }
            }
            if list.count > (field.input == .states ? statesLimit : FormBounds.listEntries) { problems[field.name] = "record_too_many" }
            // A draft needs its title, so that its writer finds it again among theirs.
            if (sending || field.name == format.title.name) && field.required && blank(field.name) && problems[field.name] == nil
                && !(field.fileMayStandIn && withFile) {
                problems[field.name] = field.isCoded ? "record_choose" : field.fileMayStandIn ? "record_link_or_file"
                    : sending ? "record_field_needed" : "record_title_needed"
            }
            if let other = field.otherField {
                let chosen = field.isList ? list.contains(Vocabulary.other) : value == Vocabulary.other
                if document[other].count > FormBounds.shortText {
                    problems[other] = "record_text_too_long"
                } else if sending && chosen && document[other].isEmpty {
                    problems[other] = "record_other_needed"
                }
            }
        }
        for (language, texts) in document.translations {
            for field in format.translatable {
                let limit = field.input == .line ? FormBounds.shortText : FormBounds.longText
                if (texts[field.name] ?? "").count > limit { problems["t.\(language.rawValue).\(field.name)"] = "record_text_too_long" }
            }
        }
        return problems
    }
}
