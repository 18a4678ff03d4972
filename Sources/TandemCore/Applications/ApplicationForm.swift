/// Whether a National Authority applies to offer mentorship, to seek it, or both.
public enum PartnershipMode: String, Codable, CaseIterable, Sendable {
    case offering, seeking, both

    public var seeks: Bool { self != .offering }
    public var offers: Bool { self != .seeking }
}

/// A thematic area chosen with a level: the priority of a need (mentee) or the depth of expertise (mentor),
/// from 1 (highest priority, deepest expertise) to 3.
public struct AreaLevel: Equatable, Codable, Sendable {
    public var key: String
    public var level: Int

    public init(key: String, level: Int) {
        self.key = key
        self.level = level
    }
}

public struct ExpectedResult: Equatable, Codable, Sendable {
    public var description: String
    public var meansOfVerification: String

    public init(description: String, meansOfVerification: String) {
        self.description = description
        self.meansOfVerification = meansOfVerification
    }
}

/// The application form of a call (Annex 1 of the 2025-2027 call) as data. Every field may be empty while
/// it is a draft; `ApplicationCheck` says what must be filled before it can be submitted.
public struct ApplicationForm: Equatable, Codable, Sendable {
    // Section 1: contact details.
    public var nationalAuthority = ""
    public var contactPerson = ""
    public var phone = ""
    public var emails: [String] = []
    public var mode: PartnershipMode?
    public var sponsorshipRequired: Bool?
    // Section 2: justification and needs analysis.
    public var motivation = ""
    public var needsAssessment = ""
    public var needsJustification = ""
    public var actionPlanStatus = ""
    public var contributionToPlan = ""
    public var needs: [AreaLevel] = []
    public var expertise: [AreaLevel] = []
    public var experience = ""
    /// Asked of a former mentee seeking mentorship again: what the earlier partnership achieved.
    public var previousResultsAssessment = ""
    // Section 3: preferences and timelines.
    public var preferredPartners: [String] = []
    public var partnerAgreementSought: Bool?
    /// ISO 639-1 codes.
    public var workingLanguages: [String] = []
    public var firstVisitFrom: CivilDate?
    public var firstVisitTo: CivilDate?
    // Section 4: expected results (mentees only).
    public var expectedResults: [ExpectedResult] = []
    public var resultsFramework = ResultsFramework()
    // Section 5: authorisation.
    public var headName = ""
    public var headTitle = ""
    public var signedOn: CivilDate?
    /// Whether the signed form is attached; the file itself is stored beside the application.
    public var signedFormAttached = false

    public init() {}
}

extension ApplicationForm {
    private enum CodingKeys: String, CodingKey {
        case nationalAuthority, contactPerson, phone, emails, mode, sponsorshipRequired, motivation, needsAssessment,
             needsJustification, actionPlanStatus, contributionToPlan, needs, expertise, experience, previousResultsAssessment,
             preferredPartners, partnerAgreementSought, workingLanguages, firstVisitFrom, firstVisitTo, expectedResults,
             resultsFramework, headName, headTitle, signedOn, signedFormAttached
    }

    /// A draft may leave out any field: what is absent stays empty. What is present must have its type.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let decoded = try c.decodeIfPresent(T.self, forKey: key) { value = decoded }
        }
        try read(.nationalAuthority, &nationalAuthority)
        try read(.contactPerson, &contactPerson)
        try read(.phone, &phone)
        try read(.emails, &emails)
        mode = try c.decodeIfPresent(PartnershipMode.self, forKey: .mode)
        sponsorshipRequired = try c.decodeIfPresent(Bool.self, forKey: .sponsorshipRequired)
        try read(.motivation, &motivation)
        try read(.needsAssessment, &needsAssessment)
        try read(.needsJustification, &needsJustification)
        try read(.actionPlanStatus, &actionPlanStatus)
        try read(.contributionToPlan, &contributionToPlan)
        try read(.needs, &needs)
        try read(.expertise, &expertise)
        try read(.experience, &experience)
        try read(.previousResultsAssessment, &previousResultsAssessment)
        try read(.preferredPartners, &preferredPartners)
        partnerAgreementSought = try c.decodeIfPresent(Bool.self, forKey: .partnerAgreementSought)
        try read(.workingLanguages, &workingLanguages)
        firstVisitFrom = try c.decodeIfPresent(CivilDate.self, forKey: .firstVisitFrom)
        firstVisitTo = try c.decodeIfPresent(CivilDate.self, forKey: .firstVisitTo)
        try read(.expectedResults, &expectedResults)
        try read(.resultsFramework, &resultsFramework)
        try read(.headName, &headName)
        try read(.headTitle, &headTitle)
        signedOn = try c.decodeIfPresent(CivilDate.self, forKey: .signedOn)
        // Set by the upload, never by the form.
        signedFormAttached = false
    }
}

extension ApplicationForm {
    /// The call's thematic areas this application names anywhere (needs, expertise or results framework), in
    /// the call's order: what lists filter on.
    public var thematicAreas: [String] {
        let named = Set(needs.map(\.key) + expertise.map(\.key) + resultsFramework.areas.map(\.key))
        return ThematicArea.annex2.map(\.key).filter(named.contains)
    }
}

extension ApplicationForm {
    /// The form as a new application to a later call starts from it: everything the state wrote, without the
    /// signature and the visit dates, which belong to the application they were given for.
    public func startingAgain() -> ApplicationForm {
        var form = self
        form.signedOn = nil
        form.signedFormAttached = false
        form.firstVisitFrom = nil
        form.firstVisitTo = nil
        return form
    }
}
