import TandemCore
import Vapor

/// The form of a record of any kind, drawn from its common format (`RecordFormat`): one field per line of the
/// format, each with what the writer typed and its message, then the translatable texts in the other languages.
struct RecordFormPage: Encodable, ShowsFieldErrors {
    /// One field as the template draws it.
    struct Field: Encodable {
        /// `line`, `text`, `select` (one of a list), `checks` (several of a short list), `multiple` (several of a
        /// long one), `date`, `url`.
        let input: String
        let id: String
        let name: String
        let label: String
        let hint: String?
        let value: String
        let options: [SelectOption]
        let required: Bool
        let error: String?
    }

    struct Translation: Encodable {
        let code: String
        let heading: String
        let fields: [Field]
        /// Shown open when something is written in it, or wrong with it.
        var open: Bool { fields.contains { !$0.value.isEmpty || $0.error != nil } }

        enum CodingKeys: CodingKey { case code, heading, fields, open }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(heading, forKey: .heading)
            try container.encode(fields, forKey: .fields)
            try container.encode(open, forKey: .open)
        }
    }

    struct Button: Encodable {
        let value: String
        let label: String
        let primary: Bool
    }

    let csrf: String
    let action: String
    let heading: String
    let kind: String
    let kindHref: String
    /// The version the form was drawn from, as the form sends it back.
    let version: String?
    let fields: [Field]
    let translations: [Translation]
    let language: [SelectOption]
    let visibility: [SelectOption]
    /// For the Secretariat writing a new national record: the State Party it is about.
    let states: [SelectOption]?
    /// For the Secretariat writing a national record: whether the state agreed that the Secretariat publishes it.
    let consent: Bool?
    let buttons: [Button]
    /// The fields still needed before the record can be sent, said quietly while nothing was refused.
    let remaining: [String]
    let errors: [String: String]
    /// Said when the record was saved by someone else since this page was drawn.
    let notice: String?
    /// For a new record: the form's own token, so that sending it twice starts one record.
    let formToken: String?

    /// What the writer sent or what is stored, with the problems found, for `kind`.
    struct Input {
        var document: RecordDocument
        var language: Language
        var visibility: RecordVisibility
        var state: String?
        var consent: Bool
        /// A library item whose document is attached, which stands in for its link.
        var withFile = false
    }

    static func make(_ req: Request, kind: RecordKind, input: Input, action: String, version: Int?, buttons: [Button],
                     errors: [String: String], askState: Bool, askConsent: Bool, notice: String? = nil, formToken: String? = nil) -> RecordFormPage {
        let labels = RecordLabels(req)
        let format = RecordFormat.of(kind)
        let document = input.document
        var fields: [Field] = []
        for field in format.fields {
            fields.append(view(field, kind: kind, document: document, labels: labels, errors: errors))
            if let other = field.otherField {
                fields.append(Field(input: "line", id: other, name: other, label: labels.field("other"), hint: nil, value: document[other],
                                    options: [], required: false, error: errors[other]))
            }
        }
        let translations = Language.allCases.filter { $0 != input.language }.map { language in
            Translation(code: language.rawValue,
                        heading: req.localizer.text("record_translation_heading", req.language,
                                                    ["language": req.localizer.text("un_language_" + language.rawValue, req.language)]),
                        fields: format.translatable.map { field in
                            let name = "t.\(language.rawValue).\(field.name)"
                            return Field(input: field.input == .text ? "text" : "line", id: "t-\(language.rawValue)-\(field.name)", name: name,
                                         label: labels.field(field.name, of: kind), hint: nil, value: document.translations[language]?[field.name] ?? "",
                                         options: [], required: false, error: errors[name])
                        })
        }
        let sending = RecordCheck.problems(document, format, knownStates: Set(req.application.statesDirectory.states.map(\.iso3)),
                                           today: CivilDate(utc: req.application.clock.now()), sending: true, withFile: input.withFile)
        return RecordFormPage(
            csrf: req.csrfToken, action: action,
            heading: req.text(version == nil ? "record_new_heading" : "record_edit_heading"), kind: labels.kind(kind),
            kindHref: "/clearing-house/" + kind.slug, version: version.map(String.init), fields: fields, translations: translations,
            language: Language.allCases.map {
                SelectOption(value: $0.rawValue, label: req.localizer.text("language_name", $0), selected: $0 == input.language)
            },
            visibility: RecordVisibility.allCases.map {
                SelectOption(value: $0.rawValue, label: req.text("record_visibility_" + $0.rawValue), selected: $0 == input.visibility)
            },
            states: askState ? labels.codes(of: RecordFormat.of(.project).field("states")!).map {
                SelectOption(value: $0, label: labels.states.name($0, in: labels.language), selected: $0 == input.state)
            } : nil,
            consent: askConsent ? input.consent : nil, buttons: buttons,
            remaining: errors.isEmpty ? format.fields.filter { sending[$0.name] != nil }.map { labels.field($0.name, of: kind) } : [],
            errors: errors, notice: notice, formToken: formToken)
    }

    private static func view(_ field: RecordField, kind: RecordKind, document: RecordDocument, labels: RecordLabels, errors: [String: String]) -> Field {
        let chosen = Set(field.isList ? document.list(field.name) : [document[field.name]])
        let codes = labels.codes(of: field)
        let options = codes.map { SelectOption(value: $0, label: labels.code($0, of: field), selected: chosen.contains($0)) }
        let input: String = switch field.input {
        case .line: "line"
        case .text: "text"
        case .day: "date"
        case .link: "url"
        case .choice, .area: "select"
        case .states: "multiple"
        case .choices, .areas, .groups, .languages: "checks"
        }
        let hint = field.input == .states ? labels.localizer.text("record_hint_states", labels.language) : nil
        return Field(input: input, id: field.name, name: field.name, label: labels.field(field.name, of: kind), hint: hint, value: document[field.name],
                     options: options, required: field.required, error: errors[field.name])
    }
}
