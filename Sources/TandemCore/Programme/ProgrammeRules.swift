/// The parameters of a call for expressions of interest, kept as data so a new call can change them
/// without touching the rules that use them.
public struct ProgrammeRules: Equatable, Codable, Sendable {
    /// Exchange visits in one partnership.
    public var visitsPerPartnership: Int
    /// Both visits take place within this many months.
    public var visitWindowMonths: Int
    /// At least this many months between the end of one visit and the start of the next.
    public var intermissionMonths: Int
    /// Visit dates reach the Secretariat at least this many weeks before travel.
    public var noticeWeeks: Int
    /// Officials the Secretariat sponsors per State Party and visit.
    public var sponsoredOfficialsPerState: Int
    /// Extra sponsored officials allowed exceptionally (the head of a ministry or national agency).
    public var exceptionalExtraOfficials: Int
    /// A former mentee may seek mentorship again only this many years after its partnership ended.
    public var reapplicationGapYears: Int
    /// The final report is due this many months after the partnership ends.
    public var finalReportDueMonths: Int
    /// How many exchange visits the programme funds in one year.
    public var annualVisitCap: Int
    /// An interim report is due this many days after the visit it reports on ends. The call asks for one
    /// "after each visit"; the number is the Secretariat's.
    public var interimReportDueDays: Int

    public init(visitsPerPartnership: Int, visitWindowMonths: Int, intermissionMonths: Int, noticeWeeks: Int,
                sponsoredOfficialsPerState: Int, exceptionalExtraOfficials: Int, reapplicationGapYears: Int,
                finalReportDueMonths: Int, annualVisitCap: Int, interimReportDueDays: Int = ProgrammeRules.standardInterimReportDays) {
        self.visitsPerPartnership = visitsPerPartnership
        self.visitWindowMonths = visitWindowMonths
        self.intermissionMonths = intermissionMonths
        self.noticeWeeks = noticeWeeks
        self.sponsoredOfficialsPerState = sponsoredOfficialsPerState
        self.exceptionalExtraOfficials = exceptionalExtraOfficials
        self.reapplicationGapYears = reapplicationGapYears
        self.finalReportDueMonths = finalReportDueMonths
        self.annualVisitCap = annualVisitCap
        self.interimReportDueDays = interimReportDueDays
    }

    public static let standardInterimReportDays = 30

    /// The rules of the 2025-2027 call (S/2368/2025, paragraphs 4 to 6 and 12).
    public static let current = ProgrammeRules(
        visitsPerPartnership: 2, visitWindowMonths: 12, intermissionMonths: 3, noticeWeeks: 8,
        sponsoredOfficialsPerState: 2, exceptionalExtraOfficials: 1, reapplicationGapYears: 4,
        finalReportDueMonths: 6, annualVisitCap: 8)
}

extension ProgrammeRules {
    private enum CodingKeys: String, CodingKey {
        case visitsPerPartnership, visitWindowMonths, intermissionMonths, noticeWeeks, sponsoredOfficialsPerState,
             exceptionalExtraOfficials, reapplicationGapYears, finalReportDueMonths, annualVisitCap, interimReportDueDays
    }

    /// Calls saved before the interim reports had a due date read as if they had the standard one.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(visitsPerPartnership: try c.decode(Int.self, forKey: .visitsPerPartnership),
                  visitWindowMonths: try c.decode(Int.self, forKey: .visitWindowMonths),
                  intermissionMonths: try c.decode(Int.self, forKey: .intermissionMonths),
                  noticeWeeks: try c.decode(Int.self, forKey: .noticeWeeks),
                  sponsoredOfficialsPerState: try c.decode(Int.self, forKey: .sponsoredOfficialsPerState),
                  exceptionalExtraOfficials: try c.decode(Int.self, forKey: .exceptionalExtraOfficials),
                  reapplicationGapYears: try c.decode(Int.self, forKey: .reapplicationGapYears),
                  finalReportDueMonths: try c.decode(Int.self, forKey: .finalReportDueMonths),
                  annualVisitCap: try c.decode(Int.self, forKey: .annualVisitCap),
                  interimReportDueDays: try c.decodeIfPresent(Int.self, forKey: .interimReportDueDays) ?? Self.standardInterimReportDays)
    }
}
