/// Whether a State Party may seek mentorship under a call, given the programme's history.
public enum Eligibility: Equatable, Sendable {
    /// Never a mentee before: nothing more is asked.
    case eligible
    /// A mentee before, long enough ago: the application must assess that partnership's results.
    case eligibleWithResultsAssessment(previous: String, ended: CivilDate)
    /// A mentee too recently: the state may seek mentorship again from `eligibleFrom`.
    case tooSoon(previous: String, ended: CivilDate, eligibleFrom: CivilDate)
    /// A mentee in a partnership still under way, with no day made yet: the years start when it ends.
    case inPartnership(previous: String)

    public var isEligible: Bool {
        switch self {
        case .tooSoon, .inPartnership: false
        case .eligible, .eligibleWithResultsAssessment: true
        }
    }

    /// Offering mentorship is always open; seeking it again waits `rules.reapplicationGapYears` after the
    /// end of the state's latest partnership as mentee, counted to the day the state submits (`applyingOn`),
    /// so a state whose years end while a call is open may apply from that day. A partnership still running
    /// counts as ending on its last known day.
    public static func of(_ state: String, seekingMentorship: Bool, applyingOn day: CivilDate,
                          history: [Partnership], rules: ProgrammeRules) -> Eligibility {
        guard seekingMentorship else { return .eligible }
        let asMentee = history.filter { $0.states(in: .mentee).contains(state) }
        // Under way: agreed or set up, with no day to count from yet (no end, no visit made).
        if let running = asMentee.first(where: { partnership in
            (partnership.status == .active || partnership.status == .proposed) && partnership.lastDay == nil
                && !partnership.visits.contains { $0.status == .completed }
        }) {
            return .inPartnership(previous: running.code)
        }
        let previous = asMentee
            .compactMap { partnership in partnership.lastDay.map { (partnership.code, $0) } }
            .max { $0.1 < $1.1 }
        guard let (code, ended) = previous else { return .eligible }
        let eligibleFrom = ended.adding(years: rules.reapplicationGapYears)
        return day < eligibleFrom
            ? .tooSoon(previous: code, ended: ended, eligibleFrom: eligibleFrom)
            : .eligibleWithResultsAssessment(previous: code, ended: ended)
    }
}

extension Partnership {
    /// The partnership's end, or failing that the last day of its last visit.
    public var lastDay: CivilDate? {
        end ?? visits.compactMap { $0.end ?? $0.start }.max()
    }
}
