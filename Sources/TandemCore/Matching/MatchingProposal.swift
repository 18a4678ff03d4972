/// What the matcher proposes: the pairs with their scores, the best total, why each state left out was left
/// out, and, when the rules cannot all hold at once, which of them conflict (and then no pairs).
public struct MatchingProposal: Codable, Equatable, Sendable {
    public struct Pair: Codable, Equatable, Sendable {
        public let pair: MatchingPair
        public let score: PairScore
        public let locked: Bool
    }

    public let pairs: [Pair]
    public let total: Int
    public let exclusions: [Exclusion]
    public let conflicts: [MatchingConflict]

    public var isFeasible: Bool { conflicts.isEmpty }
    public var matchedPairs: Set<MatchingPair> { Set(pairs.map(\.pair)) }

    static func infeasible(_ conflicts: [MatchingConflict]) -> MatchingProposal {
        MatchingProposal(pairs: [], total: 0, exclusions: [], conflicts: conflicts)
    }
}

/// Why a state that applied is not in the proposal.
public struct Exclusion: Codable, Equatable, Sendable {
    public enum Side: String, Codable, Sendable { case mentee, mentor }

    public enum Reason: Codable, Equatable, Sendable {
        /// The application cannot be matched, for the reason given with it.
        case ineligible(String)
        /// No one on the other side could be paired with it under the rules.
        case noCompatiblePartner(IncompatibilityCause)
        /// A mentee could have had `alternative`, but every way of adding it lowers the total.
        case outscored(Alternative)
        /// A mentee with compatible mentors that no change can add without breaking a rule.
        case heldOutBy([Limit])
        /// A mentor nobody was given: the mentee it suits best, and where that mentee is.
        case notNeeded(bestMentee: String, score: Int, matchedWith: String?)
    }

    public enum IncompatibilityCause: String, Codable, Sendable {
        case noSharedLanguage = "no_shared_language"
        case allForbidden = "all_forbidden"
        case noOneEligible = "no_one_eligible"
    }

    public let side: Side
    public let id: String
    public let reason: Reason
}

/// The best change that would bring a left-out mentee in.
public struct Alternative: Codable, Equatable, Sendable {
    public let mentor: String
    public let score: Int
    /// How much lower the best total would be with this pair in it.
    public let totalDrop: Int
    /// Pairs of the proposal that this change would end, and pairs it would start besides the mentee's own.
    public let ended: [MatchingPair]
    public let started: [MatchingPair]
    /// Limits that are reached in the proposal and stand in the mentee's way.
    public let limits: [Limit]
    /// Whether the change also takes a group below its minimum (then the drop counts only the scores).
    public let breaksMinimum: Bool
}

/// A policy limit reached in a proposal.
public enum Limit: Codable, Equatable, Sendable {
    case budget(Int)
    case groupMaximum(group: String, maximum: Int)
    case mentorFull(mentor: String, capacity: Int)
    /// The pair would take the share of regional pairs below the minimum, in percent.
    case regionalShare(percent: Int)
}

/// A reason the rules cannot all hold at once, stated with its numbers.
public enum MatchingConflict: Codable, Equatable, Sendable {
    case lockNotAllowed(MatchingPair, PairRefusal)
    case menteeLockedTwice(mentee: String)
    case locksExceedCapacity(mentor: String, capacity: Int, locked: Int)
    case locksExceedBudget(budget: Int, locked: Int)
    case locksExceedGroupMaximum(group: String, maximum: Int, locked: Int)
    /// A group's minimum is more than its mentees could reach even alone.
    case minimumUnreachable(group: String, minimum: Int, withCompatibleMentor: Int, reachable: Int)
    case minimumsExceedBudget(minimums: Int, budget: Int)
    /// Minimums each reachable alone but not together: their mentees compete for the same mentors.
    case minimumsCompete(groups: [String], minimums: Int, reachable: Int)
    /// The locks and minimums need pairs that cannot be regional enough: at best `regional` of `pairs`.
    case regionalShareUnreachable(percent: Int, regional: Int, pairs: Int)
}

/// Why a particular pair may not be formed.
public enum PairRefusal: String, Codable, Equatable, Sendable {
    case menteeIneligible = "mentee_ineligible"
    case mentorIneligible = "mentor_ineligible"
    case sameState = "same_state"
    case noSharedLanguage = "no_shared_language"
    case forbidden
    case unknownState = "unknown_state"
}

/// How one proposal differs from another: what a change of the parameters did.
public struct ProposalDifference: Equatable, Sendable {
    public let added: [MatchingPair]
    public let removed: [MatchingPair]
    public let kept: [MatchingPair]
    public let totalChange: Int

    public init(from old: MatchingProposal, to new: MatchingProposal) {
        let before = old.matchedPairs, after = new.matchedPairs
        added = after.subtracting(before).sorted()
        removed = before.subtracting(after).sorted()
        kept = before.intersection(after).sorted()
        totalChange = new.total - old.total
    }
}
