/// The candidates of a call: each accepted application as a mentee, a mentor or both, described the way
/// the matcher scores them, with what the programme's history says of them, less the states already
/// proposed or agreed in an earlier round.
public struct MatchingPool: Sendable {
    public struct Entry: Sendable {
        public let state: StateParty
        public let form: ApplicationForm
        /// The day the application was submitted: the four-year rule is counted to it.
        public let submittedOn: CivilDate

        public init(state: StateParty, form: ApplicationForm, submittedOn: CivilDate) {
            self.state = state
            self.form = form
            self.submittedOn = submittedOn
        }
    }

    public let mentees: [MatchingCandidate]
    public let mentors: [MatchingCandidate]
    public let formerPartnerships: [MatchingPair]
    /// Places a mentor already has in a proposal still standing.
    public let placesTaken: [String: Int]

    /// `standing` are the pairs proposed under this call that have not been declined.
    public init(applications: [Entry], history: [Partnership], call: Call, standing: [MatchingPair]) {
        let proposedMentees = Set(standing.map(\.mentee))
        var mentees: [MatchingCandidate] = [], mentors: [MatchingCandidate] = []
        for entry in applications.sorted(by: { $0.state.iso3 < $1.state.iso3 }) {
            let mode = entry.form.mode ?? .seeking
            if mode.seeks, !proposedMentees.contains(entry.state.iso3) {
                let eligibility = Eligibility.of(entry.state.iso3, seekingMentorship: true, applyingOn: entry.submittedOn,
                                                 history: history, rules: call.rules)
                var mentee = Self.candidate(entry, areas: entry.form.needs)
                if case .tooSoon(let previous, _, let from) = eligibility {
                    mentee.ineligibility = Self.tooSoon + " \(previous) \(from)"
                }
                if case .inPartnership(let previous) = eligibility {
                    mentee.ineligibility = Self.inPartnership + " \(previous)"
                }
                mentees.append(mentee)
            }
            if mode.offers {
                var mentor = Self.candidate(entry, areas: entry.form.expertise)
                mentor.pastMentorships = history.filter { $0.states(in: .mentor).contains(entry.state.iso3) }.count
                mentors.append(mentor)
            }
        }
        self.mentees = mentees
        self.mentors = mentors
        formerPartnerships = history.flatMap { partnership in
            partnership.states(in: .mentee).flatMap { mentee in
                partnership.states(in: .mentor).map { MatchingPair(mentee: mentee, mentor: $0) }
            }
        }
        placesTaken = standing.reduce(into: [:]) { $0[$1.mentor, default: 0] += 1 }
    }

    private static func candidate(_ entry: Entry, areas: [AreaLevel]) -> MatchingCandidate {
        MatchingCandidate(
            id: entry.state.iso3, group: entry.state.regionalGroup.rawValue, subregion: entry.state.subregion,
            languages: entry.form.workingLanguages,
            areas: Dictionary(areas.map { ($0.key, $0.level) }, uniquingKeysWith: min),
            preferred: entry.form.preferredPartners)
    }

    /// Reasons a candidate is out, as codes the pages put into words: `too_soon CODE DAY` (a mentee whose
    /// last partnership ended too recently) and `places_taken` (a mentor whose every place is proposed).
    public static let tooSoon = "too_soon"
    /// `in_partnership CODE`: a mentee in a partnership still under way.
    public static let inPartnership = "in_partnership"
    public static let placesTakenReason = "places_taken"

    /// The problem the parameters make of this pool; a mentor's places already proposed are not offered again.
    public func problem(_ parameters: MatchingParameters) -> MatchingProblem {
        var problem = parameters.problem(mentees: mentees, mentors: mentors, formerPartnerships: formerPartnerships)
        for index in problem.mentors.indices {
            let taken = placesTaken[problem.mentors[index].id, default: 0]
            guard taken > 0 else { continue }
            problem.mentors[index].capacity = max(problem.mentors[index].capacity - taken, 0)
            if problem.mentors[index].capacity == 0 { problem.mentors[index].ineligibility = Self.placesTakenReason }
        }
        return problem
    }
}
