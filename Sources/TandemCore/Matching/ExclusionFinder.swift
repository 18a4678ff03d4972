/// Says why each state left out of a proposal was left out.
///
/// For a mentee with compatible mentors, adding it with mentor t is a cycle in the residual network of the
/// best flow: the arc mentee → t, then the cheapest way from t back to where the mentee's unit comes from
/// (its group, or the mentee itself when the flow already gives it another mentor). Because the flow is
/// optimal that cycle never gains; its cost is exactly how much the best total drops when the pair is forced
/// in, and its arcs say which pairs would end or start. One search per group prices every mentee.
///
/// Under a regional share the flow ignores the share, so a cycle gives only a bound, and a proposal that may
/// break the share. When the best cycle's proposal keeps the share it is the answer; otherwise the search
/// finds the best proposal in which the mentee is matched.
struct ExclusionFinder {
    typealias Pair = (mentee: Int, mentor: Int)
    typealias Paths = (cost: [Int], firstStep: [(arc: FlowNetwork.Arc, forward: Bool)?])

    let matcher: Matcher
    /// The best flow without the regional share.
    let model: FlowModel
    let search: RegionalShareSearch?
    /// The prices the search learnt on the whole problem, which bound its searches with one mentee added.
    let prices: [RegionalShareSearch.Price]
    let table: [[PairScore?]]
    /// The proposal being explained: the flow's, or under a regional share the search's.
    let matched: [Pair]

    private var problem: MatchingProblem { matcher.problem }

    func exclusions() -> [Exclusion] {
        menteeExclusions() + mentorExclusions()
    }

    /// One way to add a mentee with one mentor, read off the flow: the proposal it makes and how much lower
    /// that proposal's total is than the flow's, and whether it gives up a place towards a minimum.
    private struct Cycle {
        let mentor: Int
        let drop: Int
        let ended: [Pair]
        let started: [Pair]
        let breaksMinimum: Bool
    }

    /// The residual network of the best flow and the cheapest ways back to each node, made when first needed.
    private struct Residual {
        var closed: FlowNetwork?
        var paths: [Int: Paths] = [:]
    }

    private func menteeExclusions() -> [Exclusion] {
        let matchedMentees = Set(matched.map(\.mentee))
        var residual = Residual()
        var exclusions: [Exclusion] = []
        for (m, mentee) in problem.mentees.enumerated() where !matchedMentees.contains(m) {
            if let reason = mentee.ineligibility {
                exclusions.append(Exclusion(side: .mentee, id: mentee.id, reason: .ineligible(reason)))
                continue
            }
            let compatible = problem.mentors.indices.filter { table[m][$0] != nil }
            if compatible.isEmpty {
                exclusions.append(Exclusion(side: .mentee, id: mentee.id,
                                            reason: .noCompatiblePartner(cause(forMentee: m))))
                continue
            }
            let cycles = self.cycles(mentee: m, among: compatible, residual: &residual)
            let alternative = if let search { bestWith(mentee: m, cycles: cycles, search: search) } else { cheapest(cycles, mentee: m) }
            exclusions.append(Exclusion(side: .mentee, id: mentee.id,
                                        reason: alternative.map { .outscored($0) } ?? .heldOutBy(limits(for: m, mentors: compatible))))
        }
        return exclusions
    }

    /// Every compatible mentor's cycle through the mentee; mentors no cycle reaches are left out.
    private func cycles(mentee m: Int, among compatible: [Int], residual: inout Residual) -> [Cycle] {
        let current = model.chosenPairs().first { $0.mentee == m }
        let target = current == nil ? model.groupNode[problem.mentees[m].group]! : model.menteeNode[m]!
        if residual.closed == nil { residual.closed = model.circulation() }
        if residual.paths[target] == nil { residual.paths[target] = residual.closed!.cheapestPaths(to: target) }
        let paths = residual.paths[target]!, network = residual.closed!
        return compatible.compactMap { t in
            guard t != current?.mentor else { return Cycle(mentor: t, drop: 0, ended: [], started: [], breaksMinimum: false) }
            guard paths.cost[model.mentorNode[t]] < FlowNetwork.unbounded else { return nil }
            var ended: [Pair] = [], started: [Pair] = []
            var node = model.mentorNode[t]
            while node != target, let step = paths.firstStep[node] {
                if let pair = model.pair(onArc: step.arc) {
                    if step.forward { started.append(pair) } else { ended.append(pair) }
                }
                node = network.end(of: step)
            }
            let score = { (pair: Pair) in self.table[pair.mentee][pair.mentor]!.total }
            let drop = ended.reduce(0) { $0 + score($1) } - started.reduce(0) { $0 + score($1) } - table[m][t]!.total
            // The cycle's cost is the score drop plus a bonus for each minimum place it gives up.
            let cost = paths.cost[model.mentorNode[t]] - table[m][t]!.total
            return Cycle(mentor: t, drop: drop, ended: ended.filter { $0.mentee != m }, started: started,
                         breaksMinimum: (cost - drop) / model.minimumBonus > 0)
        }
    }

    /// The cheapest cycle, the higher-scoring pair of two that cost the same.
    private func cheapest(_ cycles: [Cycle], mentee m: Int) -> Alternative? {
        let cost = { (cycle: Cycle) in cycle.drop + (cycle.breaksMinimum ? self.model.minimumBonus : 0) }
        guard let best = cycles.min(by: { a, b in
            cost(a) != cost(b) ? cost(a) < cost(b) : table[m][a.mentor]!.total > table[m][b.mentor]!.total
        }) else { return nil }
        return Alternative(mentor: problem.mentors[best.mentor].id, score: table[m][best.mentor]!.total, totalDrop: best.drop,
                           ended: best.ended.map(named).sorted(), started: best.started.map(named).sorted(),
                           limits: limits(for: m, mentors: [best.mentor]), breaksMinimum: best.breaksMinimum)
    }

    /// The best proposal with the mentee in it, under a regional share. The cycles' proposals are exact when
    /// they keep the share, since without the share no proposal does better; when the best of them does not,
    /// the search finds the best, starting from the best cycle's proposal that does. Nil when none keeps
    /// every rule.
    private func bestWith(mentee m: Int, cycles: [Cycle], search: RegionalShareSearch) -> Alternative? {
        let flowPairs = model.proposedPairs()
        let flowTotal = total(of: flowPairs)
        let ranked = cycles.filter { !$0.breaksMinimum }
            .map { cycle -> (mentor: Int, pairs: [Pair], total: Int) in
                let ended = Set(cycle.ended.map(key))
                let pairs = flowPairs.filter { $0.mentee != m && !ended.contains(key($0)) } + cycle.started + [(m, cycle.mentor)]
                return (cycle.mentor, pairs, flowTotal - cycle.drop)
            }
            .sorted { ($0.total, table[m][$0.mentor]!.total) > ($1.total, table[m][$1.mentor]!.total) }
        let keeping = ranked.first { keepsShare($0.pairs, search.share) }
        var best = keeping
        if keeping == nil || keeping!.total < ranked[0].total,
           let found = search.best(matching: m, beating: keeping.map { $0.total - 1 }, prices: prices).proposal {
            best = (found.pairs.first { $0.mentee == m }!.mentor, found.pairs, found.total)
        }
        guard let best else { return nil }
        let before = Set(matched.map(key)), after = Set(best.pairs.map(key))
        return Alternative(mentor: problem.mentors[best.mentor].id, score: table[m][best.mentor]!.total,
                           totalDrop: total(of: matched) - best.total,
                           ended: matched.filter { !after.contains(key($0)) }.map(named).sorted(),
                           started: best.pairs.filter { !before.contains(key($0)) && $0.mentee != m }.map(named).sorted(),
                           limits: limits(for: m, mentors: [best.mentor]), breaksMinimum: false)
    }

    private func total(of pairs: [Pair]) -> Int { pairs.reduce(0) { $0 + table[$1.mentee][$1.mentor]!.total } }

    private func keepsShare(_ pairs: [Pair], _ share: RegionalShare) -> Bool {
        share.holds(regional: pairs.filter(isRegional).count, pairs: pairs.count)
    }

    private func key(_ pair: Pair) -> Int { pair.mentee * problem.mentors.count + pair.mentor }

    /// The limits the proposal has reached that stand between the mentee and these mentors.
    private func limits(for m: Int, mentors: [Int]) -> [Limit] {
        var limits: [Limit] = []
        if let budget = problem.rules.budget, matched.count >= budget { limits.append(.budget(budget)) }
        let group = problem.mentees[m].group
        if let maximum = problem.rules.groupQuotas[group]?.maximum,
           matched.filter({ problem.mentees[$0.mentee].group == group }).count >= maximum {
            limits.append(.groupMaximum(group: group, maximum: maximum))
        }
        for t in mentors where matched.filter({ $0.mentor == t }).count >= problem.mentors[t].capacity {
            limits.append(.mentorFull(mentor: problem.mentors[t].id, capacity: problem.mentors[t].capacity))
        }
        if let share = problem.rules.regionalShare {
            let regional = matched.filter { isRegional($0) }.count
            let breaks = mentors.allSatisfy { t in
                !share.holds(regional: regional + (isRegional((m, t)) ? 1 : 0), pairs: matched.count + 1)
            }
            if breaks { limits.append(.regionalShare(percent: share.percent)) }
        }
        return limits
    }

    private func isRegional(_ pair: (mentee: Int, mentor: Int)) -> Bool {
        problem.mentees[pair.mentee].group == problem.mentors[pair.mentor].group
    }

    private func mentorExclusions() -> [Exclusion] {
        let used = Set(matched.map(\.mentor))
        let mentorOf = Dictionary(matched.map { ($0.mentee, $0.mentor) }, uniquingKeysWith: { first, _ in first })
        return problem.mentors.enumerated().compactMap { t, mentor in
            if used.contains(t) { return nil }
            if let reason = mentor.ineligibility { return Exclusion(side: .mentor, id: mentor.id, reason: .ineligible(reason)) }
            let compatible = problem.mentees.indices.filter { table[$0][t] != nil }
            guard let best = compatible.max(by: { (table[$0][t]!.total, problem.mentees[$1].id) < (table[$1][t]!.total, problem.mentees[$0].id) }) else {
                return Exclusion(side: .mentor, id: mentor.id, reason: .noCompatiblePartner(cause(forMentor: t)))
            }
            return Exclusion(side: .mentor, id: mentor.id,
                             reason: .notNeeded(bestMentee: problem.mentees[best].id, score: table[best][t]!.total,
                                                matchedWith: mentorOf[best].map { problem.mentors[$0].id }))
        }
    }

    private func cause(forMentee m: Int) -> Exclusion.IncompatibilityCause {
        let refusals = problem.mentors.indices.map { matcher.refusal(mentee: m, mentor: $0) }
        return cause(from: refusals)
    }

    private func cause(forMentor t: Int) -> Exclusion.IncompatibilityCause {
        cause(from: problem.mentees.indices.map { matcher.refusal(mentee: $0, mentor: t) })
    }

    /// The most telling reason among every refused pair: languages if any eligible pair lacked one.
    private func cause(from refusals: [PairRefusal?]) -> Exclusion.IncompatibilityCause {
        if refusals.contains(.noSharedLanguage) { return .noSharedLanguage }
        if refusals.contains(.forbidden) { return .allForbidden }
        return .noOneEligible
    }

    private func named(_ pair: (mentee: Int, mentor: Int)) -> MatchingPair {
        MatchingPair(mentee: problem.mentees[pair.mentee].id, mentor: problem.mentors[pair.mentor].id)
    }
}
