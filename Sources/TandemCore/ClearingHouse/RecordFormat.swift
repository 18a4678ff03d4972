/// One field of a record's common format: what it holds, whether a record may be sent without it, and whether
/// it is written in the record's language (and so may be translated).
public struct RecordField: Equatable, Sendable {
    public enum Input: Equatable, Sendable {
        /// A name, a title, an address: one line.
        case line
        /// A narrative: a summary, eligibility, results.
        case text
        case choice(Vocabulary)
        case choices(Vocabulary)
        /// One of the call's thematic areas.
        case area
        case areas
        /// States Parties by ISO3.
        case states
        case groups
        /// The six official languages' codes.
        case languages
        case day
        /// An http or https address.
        case link
    }

    public let name: String
    public let input: Input
    public let required: Bool
    public let translatable: Bool
    /// For a day: the field it may not come before (a project's end, an opportunity's last day).
    public let notBefore: String?
    /// For a day: it must still be ahead when the record is sent (an opportunity's deadline).
    public let ahead: Bool
    /// A required link that a file attached to the record stands in for (a library item's document).
    public let fileMayStandIn: Bool

    init(_ name: String, _ input: Input, required: Bool = false, translatable: Bool = false, notBefore: String? = nil, ahead: Bool = false,
         fileMayStandIn: Bool = false) {
        self.name = name
        self.input = input
        self.required = required
        self.translatable = translatable
        self.notBefore = notBefore
        self.ahead = ahead
        self.fileMayStandIn = fileMayStandIn
    }

    /// A field holding several values.
    public var isList: Bool {
        switch input {
        case .choices, .areas, .states, .groups, .languages: true
        default: false
        }
    }

    /// A field of codes, counted as a facet and matched by suggestions.
    public var isCoded: Bool {
        switch input {
        case .line, .text, .day, .link: false
        default: true
        }
    }

    public var vocabulary: Vocabulary? {
        switch input {
        case .choice(let list), .choices(let list): list
        default: nil
        }
    }

    /// The field that explains "other" when this one's list has it (`kindOther`).
    public var otherField: String? {
        vocabulary?.contains(Vocabulary.other) == true ? name + "Other" : nil
    }
}

/// A kind's common format: its fields in the order forms and pages show them, the first being its title. Fields
/// that mean the same in several kinds share a name (`areas`, `states`, `groups`, `languages`), so one facet
/// counts them all and suggestions match them.
public struct RecordFormat: Sendable {
    public let kind: RecordKind
    public let fields: [RecordField]

    public var title: RecordField { fields[0] }

    public func field(_ name: String) -> RecordField? { fields.first { $0.name == name } }

    public var translatable: [RecordField] { fields.filter(\.translatable) }

    public static func of(_ kind: RecordKind) -> RecordFormat {
        switch kind {
        case .project: project
        case .opportunity: opportunity
        case .need: need
        case .resource: resource
        case .organisation: organisation
        case .expert: expert
        }
    }

    /// A series of linked activities over months or years, who runs and pays for it, where and for whom.
    static let project = RecordFormat(kind: .project, fields: [
        RecordField("title", .line, required: true, translatable: true),
        RecordField("summary", .text, required: true, translatable: true),
        RecordField("implementers", .line, required: true),
        RecordField("funders", .line),
        RecordField("collaborators", .line),
        RecordField("areas", .areas, required: true),
        RecordField("activity", .choices(.activityType), required: true),
        RecordField("targets", .choices(.targetGroup)),
        RecordField("states", .states),
        RecordField("groups", .groups),
        RecordField("starts", .day),
        RecordField("ends", .day, notBefore: "starts"),
        RecordField("projectStatus", .choice(.projectStatus), required: true),
        RecordField("budget", .choice(.budgetRange)),
        RecordField("results", .text, translatable: true),
        RecordField("contact", .line),
        RecordField("link", .link),
    ])

    /// A standalone chance to apply for: who offers it, who may apply, how and by when, in which languages.
    static let opportunity = RecordFormat(kind: .opportunity, fields: [
        RecordField("title", .line, required: true, translatable: true),
        RecordField("opportunityKind", .choice(.opportunityKind), required: true),
        RecordField("provider", .line, required: true),
        RecordField("summary", .text, required: true, translatable: true),
        RecordField("eligibility", .text, translatable: true),
        RecordField("howToApply", .text, required: true, translatable: true),
        RecordField("deadline", .day, ahead: true),
        RecordField("activeUntil", .day, notBefore: "deadline"),
        RecordField("areas", .areas, required: true),
        RecordField("states", .states),
        RecordField("groups", .groups),
        RecordField("languages", .languages),
        RecordField("link", .link),
        RecordField("contact", .line),
    ])

    /// A State Party's own statement of what it needs; its state is the record's, not a field.
    static let need = RecordFormat(kind: .need, fields: [
        RecordField("title", .line, required: true, translatable: true),
        RecordField("areas", .area, required: true),
        RecordField("priority", .choice(.needPriority), required: true),
        RecordField("description", .text, required: true, translatable: true),
        RecordField("assistance", .choices(.assistanceType), required: true),
        RecordField("languages", .languages),
        RecordField("needStatus", .choice(.needStatus), required: true),
        RecordField("statusOn", .day),
        RecordField("source", .line),
    ])

    /// A library item described in Dublin Core; `identifier` is where it is found.
    static let resource = RecordFormat(kind: .resource, fields: [
        RecordField("title", .line, required: true, translatable: true),
        RecordField("creator", .line, required: true),
        RecordField("areas", .areas),
        RecordField("keywords", .line, translatable: true),
        RecordField("description", .text, translatable: true),
        RecordField("publisher", .line),
        RecordField("date", .day),
        RecordField("dcType", .choice(.dcmiType), required: true),
        RecordField("genre", .choice(.resourceGenre)),
        RecordField("format", .line),
        RecordField("identifier", .link, required: true, fileMayStandIn: true),
        RecordField("languages", .languages),
        RecordField("states", .states),
        RecordField("groups", .groups),
        RecordField("rights", .line),
    ])

    /// An organisation that implements, funds or collaborates in capacity building.
    static let organisation = RecordFormat(kind: .organisation, fields: [
        RecordField("title", .line, required: true, translatable: true),
        RecordField("summary", .text, required: true, translatable: true),
        RecordField("activity", .choices(.activityType)),
        RecordField("areas", .areas),
        RecordField("states", .states),
        RecordField("groups", .groups),
        RecordField("languages", .languages),
        RecordField("link", .link),
        RecordField("contact", .line),
    ])

    /// A person on the roster, put forward by their State Party.
    static let expert = RecordFormat(kind: .expert, fields: [
        RecordField("title", .line, required: true),
        RecordField("areas", .areas, required: true),
        RecordField("expertise", .text, required: true, translatable: true),
        RecordField("languages", .languages, required: true),
        RecordField("availability", .choice(.expertAvailability), required: true),
        RecordField("employer", .line),
        RecordField("contact", .line),
    ])
}
