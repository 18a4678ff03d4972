/// Says why each state left out of a proposal was left out.
///
/// For a mentee with compatible mentors, adding it with mentor t is a cycle in the residual network of the
/// best flow: the arc mentee → t, then the cheapest way from t back to the mentee's group. Because the flow
/// is optimal that cycle never gains; its cost is exactly how much the best total drops when the pair is
/// forced in, and its arcs say which pairs would end or start. One search per group prices every mentee.
struct ExclusionFinder {
    typealias Paths = (cost: [Int], firstStep: [(arc: FlowNetwork.Arc, forward: Bool)?])

    let matcher: Matcher
    let model: FlowModel
    let table: [[PairScore?]]
    let matched: [(mentee: Int, mentor: Int)]

    private var problem: MatchingProblem { matcher.problem }

    func exclusions() -> [Exclusion] {
        menteeExclusions() + mentorExclusions()
    }

    private func menteeExclusions() -> [Exclusion] {
        let matchedMentees = Set(matched.map(\.mentee))
        var closed = model.circulation()
        var pathsToGroup: [String: Paths] = [:]
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
            if pathsToGroup[mentee.group] == nil {
                pathsToGroup[mentee.group] = closed.cheapestPaths(to: model.groupNode[mentee.group]!)
            }
            let paths = pathsToGroup[mentee.group]!
            let best = compatible
                .filter { paths.cost[model.mentorNode[$0]] < FlowNetwork.unbounded }
                .min { a, b in
                    let ca = paths.cost[model.mentorNode[a]] - table[m][a]!.total
                    let cb = paths.cost[model.mentorNode[b]] - table[m][b]!.total
                    return ca != cb ? ca < cb : table[m][a]!.total > table[m][b]!.total
                }
            guard let mentor = best else {
                exclusions.append(Exclusion(side: .mentee, id: mentee.id, reason: .heldOutBy(limits(for: m, mentors: compatible))))
                continue
            }
            exclusions.append(Exclusion(side: .mentee, id: mentee.id,
                                        reason: .outscored(alternative(mentee: m, mentor: mentor, paths: paths, network: closed))))
        }
        return exclusions
    }

    /// Walks the cheapest path from the mentor back to the mentee's group and reads the pairs it changes.
    private func alternative(mentee m: Int, mentor t: Int, paths: Paths, network: FlowNetwork) -> Alternative {
        var ended: [MatchingPair] = [], started: [MatchingPair] = []
        var node = model.mentorNode[t]
        let target = model.groupNode[problem.mentees[m].group]!
        while node != target, let step = paths.firstStep[node] {
            if let pair = model.pairOfArc[step.arc] {
                if step.forward { started.append(named(pair)) } else { ended.append(named(pair)) }
            }
            node = network.end(of: step)
        }
        let score = table[m][t]!.total
        let scoreOf = { (pair: MatchingPair) in self.table[self.menteeIndex(pair.mentee)][self.mentorIndex(pair.mentor)]!.total }
        let drop = ended.reduce(0) { $0 + scoreOf($1) } - started.reduce(0) { $0 + scoreOf($1) } - score
        // The cycle's cost is the score drop plus a bonus for each minimum place it gives up.
        let minimumPlacesLost = (paths.cost[model.mentorNode[t]] - score - drop) / model.minimumBonus
        return Alternative(mentor: problem.mentors[t].id, score: score, totalDrop: drop, ended: ended.sorted(),
                           started: started.sorted(), limits: limits(for: m, mentors: [t]),
                           breaksMinimum: minimumPlacesLost > 0)
    }

    /// The limits the proposal has reached that stand between the mentee and these mentors.
    private func limits(for m: Int, mentors: [Int]) -> [Limit] {
        var limits: [Limit] = []
        let network = model.network
        if let budget = problem.rules.budget, network.room(on: model.budgetArc) == 0 { limits.append(.budget(budget)) }
        let group = problem.mentees[m].group
        if let maximum = model.quota(of: group).maximum,
           network.room(on: model.minimumArc[group]!) == 0, network.room(on: model.extraArc[group]!) == 0 {
            limits.append(.groupMaximum(group: group, maximum: maximum))
        }
        for t in mentors where network.room(on: model.capacityArc[t]) == 0 {
            limits.append(.mentorFull(mentor: problem.mentors[t].id, capacity: problem.mentors[t].capacity))
        }
        return limits
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

    private func menteeIndex(_ id: String) -> Int { problem.mentees.firstIndex { $0.id == id }! }
    private func mentorIndex(_ id: String) -> Int { problem.mentors.firstIndex { $0.id == id }! }
}
