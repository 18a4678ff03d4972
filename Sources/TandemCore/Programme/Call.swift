import Foundation

/// A call for expressions of interest: the period it covers, when it takes applications, its rules and
/// review dates, and the thematic areas applicants plan results in.
public struct Call: Equatable, Codable, Sendable {
    public enum Status: String, CaseIterable, Codable, Sendable {
        /// Being prepared by the Secretariat; not public.
        case draft
        /// Public, taking applications between its opening and closing days.
        case open
        /// Public, no longer taking applications.
        case closed
    }

    /// Public identifier, the period it covers: `2025-2027`.
    public var slug: String
    public var title: String
    /// The document that announced it, e.g. `S/2368/2025`.
    public var reference: String
    public var opens: CivilDate
    public var closes: CivilDate
    public var status: Status
    public var rules: ProgrammeRules
    public var reviewDates: [CivilDate]
    public var thematicAreas: [ThematicArea]
    /// What the call says in words, by language code (`en`, `fr`, `es`): its title, objectives, who may apply, what
    /// the programme pays and whom to contact.
    public var texts: [String: CallText]

    public init(slug: String, title: String, reference: String, opens: CivilDate, closes: CivilDate, status: Status,
                rules: ProgrammeRules, reviewDates: [CivilDate], thematicAreas: [ThematicArea], texts: [String: CallText] = [:]) {
        self.slug = slug
        self.title = title
        self.reference = reference
        self.opens = opens
        self.closes = closes
        self.status = status
        self.rules = rules
        self.reviewDates = reviewDates
        self.thematicAreas = thematicAreas
        self.texts = texts
    }

    private enum CodingKeys: String, CodingKey {
        case slug, title, reference, opens, closes, status, rules, reviewDates, thematicAreas, texts
    }

    /// Calls written before they had texts read with none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(slug: try c.decode(String.self, forKey: .slug), title: try c.decode(String.self, forKey: .title),
                  reference: try c.decode(String.self, forKey: .reference), opens: try c.decode(CivilDate.self, forKey: .opens),
                  closes: try c.decode(CivilDate.self, forKey: .closes), status: try c.decode(Status.self, forKey: .status),
                  rules: try c.decode(ProgrammeRules.self, forKey: .rules), reviewDates: try c.decode([CivilDate].self, forKey: .reviewDates),
                  thematicAreas: try c.decode([ThematicArea].self, forKey: .thematicAreas),
                  texts: try c.decodeIfPresent([String: CallText].self, forKey: .texts) ?? [:])
    }

    /// The call's title in `language`, or its own title when none was written in that language.
    public func title(in language: Language) -> String {
        texts[language.rawValue].map(\.title).flatMap { $0.isEmpty ? nil : $0 } ?? title
    }

    /// Each part of the call's text in `language`; a part not written in it comes in English, marked as such.
    public func text(_ part: KeyPath<CallText, String>, in language: Language) -> (text: String, inEnglish: Bool)? {
        if let own = texts[language.rawValue]?[keyPath: part], !own.isEmpty { return (own, false) }
        if let english = texts[Language.en.rawValue]?[keyPath: part], !english.isEmpty { return (english, language != .en) }
        return nil
    }

    public var isPublic: Bool { status != .draft }

    /// The years the call's partnerships run in, as its identifier names them (`2025-2027`); for an identifier
    /// that names none, the years it takes applications in.
    public var years: ClosedRange<Int> {
        let parts = slug.split(separator: "-").compactMap { $0.count == 4 ? Int($0) : nil }
        if parts.count == 2, parts[0] <= parts[1], parts[1] - parts[0] < 10 { return parts[0]...parts[1] }
        return opens.year...max(opens.year, closes.year)
    }

    /// Whether an application may be submitted on `day`.
    public func takesApplications(on day: CivilDate) -> Bool {
        status == .open && opens <= day && day <= closes
    }

    /// Every problem at once, by field, as locale keys.
    public var problems: [String: String] {
        var problems: [String: String] = [:]
        if !Self.isSlug(slug) { problems["slug"] = "call_slug_invalid" }
        if title.trimmingCharacters(in: .whitespaces).isEmpty || title.count > 200 { problems["title"] = "call_title_needed" }
        if reference.count > 50 { problems["reference"] = "call_reference_too_long" }
        for (code, text) in texts {
            if text.title.count > 200 { problems["texts[\(code)][title]"] = "call_title_needed" }
            for (name, part) in [("objectives", text.objectives), ("eligibility", text.eligibility), ("sponsorship", text.sponsorship),
                                 ("contacts", text.contacts)] where part.count > FormBounds.longText {
                problems["texts[\(code)][\(name)]"] = "call_text_too_long"
            }
        }
        if closes < opens { problems["closes"] = "call_closes_before_opens" }
        if reviewDates.contains(where: { $0 < opens || closes.adding(months: 3) < $0 }) {
            problems["reviewDates"] = "call_review_dates_outside"
        }
        let numbers = [rules.visitsPerPartnership, rules.visitWindowMonths, rules.intermissionMonths, rules.noticeWeeks,
                       rules.sponsoredOfficialsPerState, rules.reapplicationGapYears, rules.finalReportDueMonths, rules.annualVisitCap]
        if numbers.contains(where: { !(1...120).contains($0) }) || !(0...10).contains(rules.exceptionalExtraOfficials)
            || !(1...365).contains(rules.interimReportDueDays) {
            problems["rules"] = "call_rules_out_of_range"
        }
        if rules.intermissionMonths >= rules.visitWindowMonths { problems["rules"] = "call_intermission_too_long" }
        let keys = thematicAreas.map(\.key)
        if keys.isEmpty || Set(keys).count != keys.count
            || !keys.allSatisfy({ (1...60).contains($0.count) && $0.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" } }) {
            problems["thematicAreas"] = "call_areas_invalid"
        }
        return problems
    }

    /// Lower-case letters, digits and hyphens, as it appears in addresses.
    static func isSlug(_ text: String) -> Bool {
        (1...40).contains(text.count) && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
            && !text.hasPrefix("-") && !text.hasSuffix("-")
    }
}

extension CivilDate: Codable {
    /// Written as ISO 8601 `YYYY-MM-DD`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a day written YYYY-MM-DD: \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A call's words in one language.
public struct CallText: Equatable, Codable, Sendable {
    public var title: String
    /// What the programme sets out to do.
    public var objectives: String
    /// Who may apply, to seek or to offer mentorship, and the conditions.
    public var eligibility: String
    /// What the programme pays for, for whom.
    public var sponsorship: String
    /// Whom to write to and how to apply.
    public var contacts: String

    public init(title: String = "", objectives: String = "", eligibility: String = "", sponsorship: String = "", contacts: String = "") {
        self.title = title
        self.objectives = objectives
        self.eligibility = eligibility
        self.sponsorship = sponsorship
        self.contacts = contacts
    }

    private enum CodingKeys: String, CodingKey {
        case title, objectives, eligibility, sponsorship, contacts
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(title: try c.decodeIfPresent(String.self, forKey: .title) ?? "",
                  objectives: try c.decodeIfPresent(String.self, forKey: .objectives) ?? "",
                  eligibility: try c.decodeIfPresent(String.self, forKey: .eligibility) ?? "",
                  sponsorship: try c.decodeIfPresent(String.self, forKey: .sponsorship) ?? "",
                  contacts: try c.decodeIfPresent(String.self, forKey: .contacts) ?? "")
    }

    public var isEmpty: Bool { self == CallText() }
}
