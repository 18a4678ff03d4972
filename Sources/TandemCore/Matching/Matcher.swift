/// Finds the proposal with the highest total score that keeps every rule, and explains it.
///
/// The problem is a flow network: root → (budget) → groups → (quota) → mentees → (score) → mentors →
/// (capacity) → sink. A group's minimum is an arc whose every unit earns a bonus larger than all scores
/// together, so the cheapest flow meets every minimum it can before it looks at scores; a minimum arc left
/// unfilled therefore proves the minimums cannot all be met. Locked pairs are fixed before the network is
/// built and take their places out of the limits. The result is exact: a cheapest flow is an optimal
/// integer solution, and the scores are whole points.
public struct Matcher: Sendable {
    public let problem: MatchingProblem

    public init(_ problem: MatchingProblem) {
        self.problem = problem
    }

    public static func solve(_ problem: MatchingProblem) -> MatchingProposal {
        Matcher(problem).solve()
    }

    // MARK: The pairs that may be formed

    private var menteeIndex: [String: Int] {
        Dictionary(problem.mentees.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private var mentorIndex: [String: Int] {
        Dictionary(problem.mentors.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Why `mentee` and `mentor` may not be paired, or nil if they may.
    public func refusal(mentee: Int, mentor: Int) -> PairRefusal? {
        refusal(mentee: mentee, mentor: mentor, forbidden: Set(problem.forbids), waived: Set(problem.rules.languageWaivers))
    }

    private func refusal(mentee: Int, mentor: Int, forbidden: Set<MatchingPair>, waived: Set<MatchingPair>) -> PairRefusal? {
        let a = problem.mentees[mentee], b = problem.mentors[mentor]
        let pair = MatchingPair(mentee: a.id, mentor: b.id)
        if a.ineligibility != nil { return .menteeIneligible }
        if b.ineligibility != nil { return .mentorIneligible }
        if a.id == b.id { return .sameState }
        if forbidden.contains(pair) { return .forbidden }
        if problem.rules.sharedLanguageRequired, Set(a.languages).isDisjoint(with: b.languages), !waived.contains(pair) {
            return .noSharedLanguage
        }
        return nil
    }

    public func score(mentee: Int, mentor: Int) -> PairScore {
        let a = problem.mentees[mentee], b = problem.mentors[mentor]
        let former = problem.formerPartnerships.contains {
            ($0.mentee == a.id && $0.mentor == b.id) || ($0.mentee == b.id && $0.mentor == a.id)
        }
        return PairScore(mentee: a, mentor: b, formerPartners: former, weights: problem.weights)
    }

    /// Every allowed pair's score, by mentee then mentor; nil where the pair is refused.
    public func scoreTable() -> [[PairScore?]] {
        let forbidden = Set(problem.forbids), waived = Set(problem.rules.languageWaivers)
        return problem.mentees.indices.map { m in
            problem.mentors.indices.map { t in
                refusal(mentee: m, mentor: t, forbidden: forbidden, waived: waived) == nil ? score(mentee: m, mentor: t) : nil
            }
        }
    }

    // MARK: Solving

    public func solve() -> MatchingProposal {
        let table = scoreTable()
        let locked = lockedPairs()
        if !locked.conflicts.isEmpty { return .infeasible(locked.conflicts) }
        var model = FlowModel(problem: problem, worth: table.map { $0.map { $0?.total } }, locks: locked.pairs)
        let conflicts = model.limitConflicts()
        if !conflicts.isEmpty { return .infeasible(conflicts) }
        model.solve()
        if let unmet = model.unmetMinimums() { return .infeasible(diagnose(unmet: unmet, model: model, table: table)) }

        guard let share = problem.rules.regionalShare else {
            let matched = model.proposedPairs()
            return proposal(matched, lockedCount: locked.pairs.count, table: table,
                            explainedBy: ExclusionFinder(matcher: self, model: model, search: nil, prices: [], table: table, matched: matched))
        }
        let search = RegionalShareSearch(problem: problem, table: table, share: share, locks: locked.pairs)
        let outcome = search.best()
        guard let best = outcome.proposal else {
            let closest = search.closest()
            return .infeasible([.regionalShareUnreachable(percent: share.percent, regional: closest?.regional ?? 0,
                                                          pairs: closest?.pairs.count ?? 0)])
        }
        return proposal(best.pairs, lockedCount: locked.pairs.count, table: table,
                        explainedBy: ExclusionFinder(matcher: self, model: model, search: search, prices: outcome.prices, table: table,
                                                     matched: best.pairs))
    }

    /// The proposal of these pairs (the first `lockedCount` of them locked), with its explanations.
    private func proposal(_ matched: [(mentee: Int, mentor: Int)], lockedCount: Int, table: [[PairScore?]],
                          explainedBy finder: ExclusionFinder) -> MatchingProposal {
        let proposed = matched.enumerated().map { index, entry in
            MatchingProposal.Pair(pair: MatchingPair(mentee: problem.mentees[entry.mentee].id, mentor: problem.mentors[entry.mentor].id),
                                  score: table[entry.mentee][entry.mentor]!, locked: index < lockedCount)
        }.sorted { $0.pair < $1.pair }
        return MatchingProposal(pairs: proposed, total: proposed.reduce(0) { $0 + $1.score.total },
                                exclusions: finder.exclusions(), conflicts: [])
    }

    /// The locks as indexes, or the reasons they cannot all hold.
    private func lockedPairs() -> (pairs: [(mentee: Int, mentor: Int)], conflicts: [MatchingConflict]) {
        let mentees = menteeIndex, mentors = mentorIndex
        var pairs: [(mentee: Int, mentor: Int)] = []
        var conflicts: [MatchingConflict] = []
        var seen = Set<Int>()
        for lock in problem.locks {
            guard let m = mentees[lock.mentee], let t = mentors[lock.mentor] else {
                conflicts.append(.lockNotAllowed(lock, .unknownState)); continue
            }
            if let refusal = refusal(mentee: m, mentor: t) { conflicts.append(.lockNotAllowed(lock, refusal)); continue }
            if !seen.insert(m).inserted { conflicts.append(.menteeLockedTwice(mentee: lock.mentee)); continue }
            pairs.append((m, t))
        }
        return (pairs, conflicts)
    }

    /// Words for minimums that cannot be met, from what each group could reach alone and together.
    private func diagnose(unmet: [String], model: FlowModel, table: [[PairScore?]]) -> [MatchingConflict] {
        var conflicts: [MatchingConflict] = []
        for group in unmet {
            let quota = model.quota(of: group)
            let alone = model.reachableAlone(group: group)
            if alone.reachable < quota.minimum {
                conflicts.append(.minimumUnreachable(group: group, minimum: quota.minimum,
                                                     withCompatibleMentor: alone.withCompatibleMentor, reachable: alone.reachable))
            }
        }
        if !conflicts.isEmpty { return conflicts }
        let minimums = model.groups.reduce(0) { $0 + model.quota(of: $1).minimum }
        if let budget = problem.rules.budget, minimums > budget {
            return [.minimumsExceedBudget(minimums: minimums, budget: budget)]
        }
        let competing = model.groups.filter { model.quota(of: $0).minimum > 0 }
        return [.minimumsCompete(groups: competing, minimums: minimums, reachable: model.minimumUnitsMet)]
    }
}
