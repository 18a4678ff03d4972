import TandemCore
import Vapor

/// The words a reader sees for a record's fields and coded values, in their language: a field's label, a code's
/// label from its list (vocabularies, thematic areas, States Parties, regional groups, languages).
struct RecordLabels: Sendable {
    let localizer: Localizer
    let states: StatesDirectory
    let language: Language

    init(_ req: Request) {
        self.init(localizer: req.localizer, states: req.application.statesDirectory, language: req.language)
    }

    init(localizer: Localizer, states: StatesDirectory, language: Language) {
        self.localizer = localizer
        self.states = states
        self.language = language
    }

    func kind(_ kind: RecordKind) -> String { localizer.text("record_kind_" + kind.rawValue, language) }

    func field(_ name: String) -> String { localizer.text("record_field_" + name, language) }

    /// A field's label in a kind's form: the title is a project's title, an organisation's or an expert's name.
    func field(_ name: String, of kind: RecordKind) -> String {
        name == RecordFormat.of(kind).title.name ? localizer.text("record_title_" + kind.rawValue, language) : field(name)
    }

    func code(_ code: String, of field: RecordField) -> String {
        switch field.input {
        case .choice(let list), .choices(let list): localizer.text("vocabulary_\(list.rawValue)_\(code)", language)
        case .area, .areas: localizer.text("thematic_area_" + code, language)
        case .states: states.name(code, in: language)
        case .groups: RegionalGroup(slug: code).map { localizer.groupName($0, language) } ?? code
        case .languages: localizer.text("un_language_" + code, language)
        case .line, .text, .day, .link: code
        }
    }

    /// Every value a coded field may take, in the order its list gives them (States Parties in the reader's
    /// alphabetical order).
    func codes(of field: RecordField) -> [String] {
        switch field.input {
        case .choice(let list), .choices(let list): list.codes
        case .area, .areas: ThematicArea.annex2.map(\.key)
        case .states: states.search(nil, group: nil, language: language).map(\.iso3)
        case .groups: RegionalGroup.allCases.map(\.slug)
        case .languages: ApplicationForm.workingLanguageCodes
        case .line, .text, .day, .link: []
        }
    }

    /// A day as the reader writes it, or the text as stored when it is not a day.
    func day(_ text: String) -> String {
        CivilDate(iso: text).map(language.format) ?? text
    }

    /// Where a fallback text comes from: "Original in French".
    func fallback(_ original: Language?) -> String? {
        original.map { localizer.text("record_original_in", language, ["language": localizer.text("un_language_" + $0.rawValue, language)]) }
    }
}
