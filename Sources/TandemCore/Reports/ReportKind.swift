/// The reports a partnership owes (S/2368/2025, paragraph 4), and the follow-up requests that come after.
public enum ReportKind: String, CaseIterable, Codable, Sendable {
    /// After the first visit: activities and results at the output level.
    case interimFirst = "interim_1"
    /// After the second visit.
    case interimSecond = "interim_2"
    /// Joint, months after the end: progress at the outcome level.
    case final
    /// Asked by the Secretariat after the final report, for updated indicator values.
    case followUp = "follow_up"

    public var level: ResultLevel { self == .interimFirst || self == .interimSecond ? .output : .outcome }

    /// Drafted by one partner and co-signed by the other before it can be submitted.
    public var isJoint: Bool { self == .final || self == .followUp }

    /// The visit an interim report is about, counting from 0.
    public var visitIndex: Int? {
        switch self {
        case .interimFirst: 0
        case .interimSecond: 1
        case .final, .followUp: nil
        }
    }
}

/// When each report falls due, from the partnership's visits and the call's rules.
public enum ReportSchedule {
    /// `visits` are the partnership's visits that are not cancelled, in order. Nil while the visit a report
    /// depends on has no dates.
    public static func due(_ kind: ReportKind, visits: [VisitPlan], rules: ProgrammeRules) -> CivilDate? {
        let ordered = visits.sorted { $0.start < $1.start }
        switch kind {
        case .interimFirst, .interimSecond:
            let index = kind.visitIndex!
            return index < ordered.count ? ordered[index].end.adding(days: rules.interimReportDueDays) : nil
        case .final:
            // Six months after the programme ends for the partnership: the end of its last visit.
            guard ordered.count >= rules.visitsPerPartnership else { return nil }
            return ordered[rules.visitsPerPartnership - 1].end.adding(months: rules.finalReportDueMonths)
        case .followUp:
            return nil
        }
    }
}
