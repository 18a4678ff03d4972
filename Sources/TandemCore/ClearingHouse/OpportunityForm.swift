/// An opportunity in the clearing-house's common format: a standalone chance to apply for (a grant, a course, a
/// fellowship, a scholarship, an internship, a funding call), who offers it, who may apply, how and by when, where
/// and in which languages it is given. Texts are in the record's language; `translations` holds other versions of
/// the translatable ones (`OpportunityForm.translatable`).
public struct OpportunityForm: Codable, Equatable, Sendable {
    public var title = ""
    /// `Vocabulary.opportunityKind`; "other" is explained in `kindOther`.
    public var kind = ""
    public var kindOther = ""
    public var provider = ""
    public var summary = ""
    public var eligibility = ""
    public var howToApply = ""
    public var deadline: CivilDate?
    /// The last day it is shown as open (a course given several times runs past its first deadline).
    public var activeUntil: CivilDate?
    /// Thematic area keys of the call's list.
    public var areas: [String] = []
    /// States Parties that may apply, by ISO3; empty when open to all.
    public var states: [String] = []
    public var groups: [RegionalGroup] = []
    /// Languages it is given in (the six official languages' codes).
    public var languages: [String] = []
    public var link = ""
    public var contact = ""
    /// Other languages' versions of the translatable texts, by language then field.
    public var translations: [Language: [String: String]] = [:]

    public init() {}

    public static let translatable = ["title", "summary", "eligibility", "howToApply"]

    /// A translatable field in `language`, with the original labelled where there is no translation.
    public func text(_ field: String, original: Language) -> TranslatedText {
        var texts = translations.mapValues { $0[field] ?? "" }.filter { !$0.value.isEmpty }
        texts[original] = own(field)
        return TranslatedText(original: original, texts: texts)
    }

    private func own(_ field: String) -> String {
        switch field {
        case "title": title
        case "summary": summary
        case "eligibility": eligibility
        case "howToApply": howToApply
        default: ""
        }
    }

    /// The codes its facets count and its suggestions match on.
    public var codes: [String: Set<String>] {
        ["kind": [kind], "area": Set(areas), "state": Set(states), "group": Set(groups.map(\.slug)), "language": Set(languages)]
    }
}

/// What an opportunity still needs before it can be submitted, by field, as locale keys; `today` tells a deadline
/// already past from one to come.
public enum OpportunityCheck {
    public static func problems(_ form: OpportunityForm, knownStates: Set<String>, knownAreas: Set<String>, today: CivilDate) -> [String: String] {
        var problems: [String: String] = [:]
        func blank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        for (field, text, limit) in [("title", form.title, FormBounds.shortText), ("provider", form.provider, FormBounds.shortText),
                                     ("summary", form.summary, FormBounds.longText), ("howToApply", form.howToApply, FormBounds.longText)] {
            if blank(text) { problems[field] = "record_field_needed" } else if text.count > limit { problems[field] = "record_text_too_long" }
        }
        for (field, text, limit) in [("eligibility", form.eligibility, FormBounds.longText), ("kindOther", form.kindOther, FormBounds.shortText),
                                     ("link", form.link, FormBounds.shortText), ("contact", form.contact, FormBounds.shortText)]
            where text.count > limit {
            problems[field] = "record_text_too_long"
        }
        if !Vocabulary.opportunityKind.contains(form.kind) {
            problems["kind"] = "record_choose_one"
        } else if form.kind == Vocabulary.other && blank(form.kindOther) {
            problems["kindOther"] = "record_other_needed"
        }
        if form.areas.isEmpty { problems["areas"] = "record_area_needed" }
        if form.areas.contains(where: { !knownAreas.contains($0) }) { problems["areas"] = "record_value_unknown" }
        if form.states.contains(where: { !knownStates.contains($0) }) { problems["states"] = "record_value_unknown" }
        if form.languages.contains(where: { !ApplicationForm.workingLanguageCodes.contains($0) }) { problems["languages"] = "record_value_unknown" }
        if let deadline = form.deadline, deadline < today { problems["deadline"] = "record_deadline_past" }
        if let deadline = form.deadline, let until = form.activeUntil, until < deadline { problems["activeUntil"] = "record_active_before_deadline" }
        let link = form.link.trimmingCharacters(in: .whitespaces)
        if !link.isEmpty && (!(link.hasPrefix("https://") || link.hasPrefix("http://")) || link.contains(where: \.isWhitespace)) {
            problems["link"] = "record_link_invalid"
        }
        for (field, lists) in [("states", form.states.count), ("languages", form.languages.count), ("areas", form.areas.count)]
            where lists > FormBounds.listEntries {
            problems[field] = "record_too_many"
        }
        return problems
    }
}
