/// What the Secretariat sets for one run of the matcher on a call: the weights, the rules and limits, the
/// mentors' capacities and the pairs it locks, forbids or exempts from the language rule. Saved with every
/// run, so a decision can be traced to exactly what produced it.
public struct MatchingParameters: Codable, Equatable, Sendable {
    public var weights: ScoreWeights
    public var sharedLanguageRequired: Bool
    public var budget: Int?
    /// By regional group name; groups without an entry have no quota.
    public var groupQuotas: [String: GroupQuota]
    /// The least percentage of pairs within one regional group; nil for no such rule.
    public var minimumRegionalShare: Int?
    /// By mentor's state code; a mentor without an entry takes one mentee.
    public var capacities: [String: Int]
    public var locks: [MatchingPair]
    public var forbids: [MatchingPair]
    public var languageWaivers: [MatchingPair]

    public init(weights: ScoreWeights = .standard, sharedLanguageRequired: Bool = true, budget: Int? = nil,
                groupQuotas: [String: GroupQuota] = [:], minimumRegionalShare: Int? = nil, capacities: [String: Int] = [:],
                locks: [MatchingPair] = [], forbids: [MatchingPair] = [], languageWaivers: [MatchingPair] = []) {
        self.weights = weights
        self.sharedLanguageRequired = sharedLanguageRequired
        self.budget = budget
        self.groupQuotas = groupQuotas
        self.minimumRegionalShare = minimumRegionalShare
        self.capacities = capacities
        self.locks = locks
        self.forbids = forbids
        self.languageWaivers = languageWaivers
    }

    /// A first run under a call: standard weights, the language rule, and the budget its visit cap allows.
    public static func defaults(for rules: ProgrammeRules) -> MatchingParameters {
        MatchingParameters(budget: MatchingRules.budget(for: rules))
    }

    /// The problem these parameters make of the candidates.
    public func problem(mentees: [MatchingCandidate], mentors: [MatchingCandidate],
                        formerPartnerships: [MatchingPair]) -> MatchingProblem {
        let mentors = mentors.map { mentor in
            var mentor = mentor
            mentor.capacity = capacities[mentor.id] ?? 1
            return mentor
        }
        return MatchingProblem(
            mentees: mentees, mentors: mentors, formerPartnerships: formerPartnerships, weights: weights,
            rules: MatchingRules(sharedLanguageRequired: sharedLanguageRequired, languageWaivers: languageWaivers,
                                 budget: budget, groupQuotas: groupQuotas.filter { $0.value != GroupQuota() },
                                 minimumRegionalShare: minimumRegionalShare),
            locks: locks, forbids: forbids)
    }

    /// Locale keys of what is wrong, by field name; empty when the parameters can be used.
    public var problems: [String: String] {
        var problems: [String: String] = [:]
        for component in ScoreComponent.allCases where !(0...100).contains(weights[component]) {
            problems["weight_" + component.rawValue] = "matching_weight_range"
        }
        if weights.sum == 0 { problems["weights"] = "matching_weights_all_zero" }
        if let budget, budget < 0 { problems["budget"] = "matching_budget_negative" }
        if let share = minimumRegionalShare, !(0...100).contains(share) { problems["regional_share"] = "matching_regional_share_range" }
        for (group, quota) in groupQuotas {
            if quota.minimum < 0 || (quota.maximum ?? 0) < 0 { problems["quota_" + group] = "matching_quota_negative" }
            else if let maximum = quota.maximum, maximum < quota.minimum { problems["quota_" + group] = "matching_quota_order" }
        }
        for (mentor, capacity) in capacities where !(0...10).contains(capacity) {
            problems["capacity_" + mentor] = "matching_capacity_range"
        }
        if !Set(locks).isDisjoint(with: forbids) { problems["locks"] = "matching_lock_and_forbid" }
        return problems
    }

    /// The same parameters with one pair locked (and no longer forbidden), forbidden (and no longer locked),
    /// or released from either.
    public func locking(_ pair: MatchingPair) -> MatchingParameters {
        var changed = releasing(pair)
        changed.locks.append(pair)
        return changed
    }

    public func forbidding(_ pair: MatchingPair) -> MatchingParameters {
        var changed = releasing(pair)
        changed.forbids.append(pair)
        return changed
    }

    public func releasing(_ pair: MatchingPair) -> MatchingParameters {
        var changed = self
        changed.locks.removeAll { $0 == pair }
        changed.forbids.removeAll { $0 == pair }
        return changed
    }
}
