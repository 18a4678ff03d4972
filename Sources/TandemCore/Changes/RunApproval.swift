/// Whether the Secretariat may approve a matching run now: it must propose pairs, not be approved already, and
/// still fit the pool as it stands. A run made before another run of the same call was approved may propose a
/// mentee who already has a proposal, or a mentor past their places; it is then refused, and the Secretariat
/// runs the matcher again on today's pool.
public enum RunApproval {
    public enum Refusal: Error, Equatable, Sendable {
        /// Infeasible, or no pair to propose.
        case nothingToApprove
        case alreadyApproved
        /// These pairs no longer fit: their mentee stands in another proposal, or their mentor has no place left.
        case overtaken([MatchingPair])

        public var key: String {
            switch self {
            case .nothingToApprove: "matching_cannot_approve"
            case .alreadyApproved: "matching_already_approved"
            case .overtaken: "matching_run_overtaken"
            }
        }
    }

    /// Nil when the run may be approved; otherwise why not. `standing` are the call's proposals that have not
    /// been declined.
    public static func refusal(of proposal: MatchingProposal, parameters: MatchingParameters, isApproved: Bool,
                               standing: [MatchingPair]) -> Refusal? {
        refusal(pairs: proposal.isFeasible ? proposal.pairs.map(\.pair) : [], capacities: parameters.capacities, isApproved: isApproved,
                standing: standing)
    }

    /// The same rule over plain values: the pairs a feasible run proposes (none for an infeasible one) and each
    /// mentor's places (one where not said).
    public static func refusal(pairs: [MatchingPair], capacities: [String: Int], isApproved: Bool,
                               standing: [MatchingPair]) -> Refusal? {
        guard !pairs.isEmpty else { return .nothingToApprove }
        guard !isApproved else { return .alreadyApproved }
        let standingMentees = Set(standing.map(\.mentee))
        var places: [String: Int] = [:]
        for pair in standing { places[pair.mentor, default: 0] += 1 }
        var overtaken: [MatchingPair] = []
        for pair in pairs {
            places[pair.mentor, default: 0] += 1
            if standingMentees.contains(pair.mentee) || places[pair.mentor, default: 0] > capacities[pair.mentor] ?? 1 {
                overtaken.append(pair)
            }
        }
        return overtaken.isEmpty ? nil : .overtaken(overtaken)
    }
}
