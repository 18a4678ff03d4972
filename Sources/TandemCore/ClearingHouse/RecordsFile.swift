import Foundation

/// A file of clearing-house records to load at once (another clearing-house's database, a partner's catalogue), as
/// JSON lines: one object per line with `kind`, `language`, `visibility` (public when left out), `state` for a need
/// or an expert, and `fields` in the kind's common format. Every problem is found in one pass, located by line and
/// field, and then nothing is loaded.
public enum RecordsFile {
    public struct Entry: Equatable, Sendable {
        public let line: Int
        public let kind: RecordKind
        public let language: Language
        public let visibility: RecordVisibility
        public let state: String?
        public let document: RecordDocument
    }

    private struct Line: Decodable {
        let kind: String
        let language: String
        let visibility: String?
        let state: String?
        let fields: RecordDocument
    }

    /// The problem keys of `RecordCheck` in words a file's author reads in a terminal.
    static let reasons: [String: String] = [
        "record_field_needed": "is required", "record_choose": "needs at least one value", "record_text_too_long": "is too long",
        "record_value_unknown": "holds a value not in its list", "record_other_needed": "must say what \"other\" is",
        "record_day_unreadable": "is not a day (YYYY-MM-DD)", "record_day_past": "has passed", "record_link_invalid": "is not an http(s) address",
        "record_too_many": "has too many values",
    ]

    public static func parse(_ text: String, file: String, knownStates: Set<String>, today: CivilDate) -> Result<[Entry], ImportProblems> {
        var entries: [Entry] = []
        var problems: [ImportProblem] = []
        let decoder = JSONDecoder()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let content = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !content.isEmpty else { continue }
            func problem(_ column: String, _ reason: String) { problems.append(ImportProblem(file: file, line: lineNumber, column: column, reason: reason)) }
            guard let line = try? decoder.decode(Line.self, from: Data(content.utf8)) else {
                problem("line", "is not a JSON object with kind, language and fields")
                continue
            }
            let kind = RecordKind(rawValue: line.kind)
            let language = Language(rawValue: line.language)
            let visibility = RecordVisibility(rawValue: line.visibility ?? "public")
            if kind == nil { problem("kind", "must be one of \(RecordKind.allCases.map(\.rawValue).joined(separator: ", "))") }
            if language == nil { problem("language", "must be en, fr or es") }
            if visibility == nil { problem("visibility", "must be public, members or secretariat") }
            guard let kind, let language, let visibility else { continue }
            let state = line.state?.uppercased()
            if kind.isNational && !(state.map(knownStates.contains) ?? false) { problem("state", "must be the ISO3 code of the State Party whose \(kind.rawValue) it is") }
            if !kind.isNational && state != nil { problem("state", "is only for needs and experts") }
            let format = RecordFormat.of(kind)
            let known = Set(format.fields.map(\.name) + format.fields.compactMap(\.otherField))
            for name in line.fields.values.keys.sorted() + line.fields.lists.keys.sorted() where !known.contains(name) {
                problem("fields." + name, "is not a field of the \(kind.rawValue) format")
            }
            for (field, key) in RecordCheck.problems(line.fields, format, knownStates: knownStates, today: today, sending: true).sorted(by: { $0.key < $1.key }) {
                problem("fields." + field, reasons[key] ?? (key.hasPrefix("record_day_before_") ? "comes before " + key.dropFirst("record_day_before_".count) : key))
            }
            entries.append(Entry(line: lineNumber, kind: kind, language: language, visibility: visibility, state: state, document: line.fields))
        }
        return problems.isEmpty ? .success(entries) : .failure(ImportProblems(problems))
    }
}
