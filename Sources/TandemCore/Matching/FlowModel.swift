/// The matcher's flow network for one problem, with the arcs it needs to read the answer back.
struct FlowModel {
    let problem: MatchingProblem
    /// What each allowed pair is worth to the flow, by mentee then mentor; nil where the pair is refused.
    /// Usually its score; a search that prices something else into the pairs passes its own values.
    let worth: [[Int?]]
    private(set) var network = FlowNetwork()

    let root: Int, start: Int, sink: Int
    /// Groups of the mentees still to match and of the quotas, sorted.
    let groups: [String]
    private(set) var groupNode: [String: Int] = [:]
    /// By mentee index; nil for a mentee that is locked or not eligible.
    private(set) var menteeNode: [Int?] = []
    private(set) var mentorNode: [Int] = []
    /// The arc root → start carrying the budget; per group its minimum and above-minimum arcs.
    private(set) var budgetArc = -1
    private(set) var minimumArc: [String: Int] = [:]
    private(set) var extraArc: [String: Int] = [:]
    private(set) var capacityArc: [Int] = []
    /// The mentee → mentor arcs are the last the model adds, from `firstPairArc` on, one for each of `pairs`.
    private(set) var firstPairArc = 0
    private(set) var pairs: [(mentee: Int, mentor: Int)] = []
    /// The arc group → mentee of the mentee that must be matched, if one must.
    private(set) var requiredArc: Int?

    /// Locked pairs, already counted against the limits.
    let locks: [(mentee: Int, mentor: Int)]
    let lockedPerMentor: [Int]
    let lockedPerGroup: [String: Int]
    let lockedCount: Int
    /// Worth more than any two choices of pairs can differ by (and than every pair a fixed count brings):
    /// one unit of a minimum outweighs any scores.
    let minimumBonus: Int
    /// The number of pairs the proposal must have, locks included, when it is fixed.
    let pairCount: Int?
    /// Worth more than all the minimums' bonuses together, so the required mentee comes first of all.
    let requiredBonus: Int

    /// `required` is a mentee that must be matched, as it must when pricing what adding it would cost;
    /// `pairCount` fixes how many pairs the proposal has. A flow that cannot do both fails `demandsMet`.
    /// What must hold comes first, in this order: the required mentee, the minimums, the count of pairs; the
    /// worth of the pairs decides among what remains.
    init(problem: MatchingProblem, worth: [[Int?]], locks: [(mentee: Int, mentor: Int)], required: Int? = nil,
         pairCount: Int? = nil) {
        self.problem = problem
        self.worth = worth
        var perMentor = [Int](repeating: 0, count: problem.mentors.count)
        var perGroup: [String: Int] = [:]
        for lock in locks {
            perMentor[lock.mentor] += 1
            perGroup[problem.mentees[lock.mentee].group, default: 0] += 1
        }
        lockedPerMentor = perMentor
        lockedPerGroup = perGroup
        lockedCount = locks.count
        self.locks = locks
        let lockedMentees = Set(locks.map(\.mentee))
        let free = problem.mentees.indices.filter { !lockedMentees.contains($0) && problem.mentees[$0].ineligibility == nil }
        groups = Set(free.map { problem.mentees[$0].group }).union(problem.rules.groupQuotas.keys).sorted()
        let unit = 1 + free.reduce(0) { sum, m in
            let values = worth[m].compactMap { $0 }
            return sum + max(values.max() ?? 0, 0) - min(values.min() ?? 0, 0)
        }
        self.pairCount = pairCount
        minimumBonus = pairCount == nil ? unit : unit * (1 + free.count)
        requiredBonus = minimumBonus * (1 + groups.reduce(0) { $0 + max(problem.rules.groupQuotas[$1]?.minimum ?? 0, 0) })

        root = network.addNodes(3).lowerBound
        start = root + 1
        sink = root + 2
        let places = min(remainingBudget ?? FlowNetwork.unbounded, pairCount.map { $0 - locks.count } ?? FlowNetwork.unbounded)
        budgetArc = network.addArc(from: root, to: start, capacity: max(places, 0), cost: pairCount == nil ? 0 : -unit)
        for group in groups {
            let node = network.addNodes(1).lowerBound
            groupNode[group] = node
            let quota = remainingQuota(of: group)
            let minimum = max(quota.minimum, 0)
            minimumArc[group] = network.addArc(from: start, to: node, capacity: minimum, cost: -minimumBonus)
            let extra = quota.maximum.map { max($0 - minimum, 0) } ?? FlowNetwork.unbounded
            extraArc[group] = network.addArc(from: start, to: node, capacity: extra, cost: 0)
        }
        menteeNode = Array(repeating: nil, count: problem.mentees.count)
        for m in free {
            let node = network.addNodes(1).lowerBound
            menteeNode[m] = node
            let arc = network.addArc(from: groupNode[problem.mentees[m].group]!, to: node, capacity: 1, cost: m == required ? -requiredBonus : 0)
            if m == required { requiredArc = arc }
        }
        mentorNode = Array(network.addNodes(problem.mentors.count))
        for (t, mentor) in problem.mentors.enumerated() {
            let room = mentor.ineligibility == nil ? max(mentor.capacity - perMentor[t], 0) : 0
            capacityArc.append(network.addArc(from: mentorNode[t], to: sink, capacity: room, cost: 0))
        }
        firstPairArc = network.arcCount
        for m in free {
            for t in problem.mentors.indices {
                guard let value = worth[m][t] else { continue }
                network.addArc(from: menteeNode[m]!, to: mentorNode[t], capacity: 1, cost: -value)
                pairs.append((m, t))
            }
        }
    }

    var remainingBudget: Int? { problem.rules.budget.map { $0 - lockedCount } }

    /// The group's quota as set, and what remains of it once its locked pairs are counted.
    func quota(of group: String) -> GroupQuota { problem.rules.groupQuotas[group] ?? GroupQuota() }

    func remainingQuota(of group: String) -> GroupQuota {
        let quota = quota(of: group), locked = lockedPerGroup[group] ?? 0
        return GroupQuota(minimum: max(quota.minimum - locked, 0), maximum: quota.maximum.map { $0 - locked })
    }

    /// Locks that already break a limit.
    func limitConflicts() -> [MatchingConflict] {
        var conflicts: [MatchingConflict] = []
        for (t, mentor) in problem.mentors.enumerated() where lockedPerMentor[t] > mentor.capacity {
            conflicts.append(.locksExceedCapacity(mentor: mentor.id, capacity: mentor.capacity, locked: lockedPerMentor[t]))
        }
        if let budget = problem.rules.budget, lockedCount > budget {
            conflicts.append(.locksExceedBudget(budget: budget, locked: lockedCount))
        }
        for group in groups {
            if let maximum = quota(of: group).maximum, let locked = lockedPerGroup[group], locked > maximum {
                conflicts.append(.locksExceedGroupMaximum(group: group, maximum: maximum, locked: locked))
            }
        }
        return conflicts
    }

    mutating func solve() {
        network.minimiseCost(from: root, to: sink)
    }

    /// For each number of pairs from the locks' up to `most`, the most the pairs could be worth with the
    /// required mentee matched and every minimum met; nil where that cannot be. Read from the cheapest cost
    /// of each amount of flow, in one solve: a cost is the bonuses earned plus the worth, and since the
    /// worth is not negative and below one minimum's bonus, each part can be read back. Past the largest
    /// flow worth sending, a count is bounded by that flow's worth. The model must not fix a count itself.
    mutating func bestWorthByCount(upTo most: Int) -> [Int: Int?] {
        precondition(pairCount == nil, "a model with a fixed number of pairs has one count only")
        let curve = network.costCurve(from: root, to: sink)
        let minimums = groups.reduce(0) { $0 + remainingQuota(of: $1).minimum }
        func worth(atFlow flow: Int) -> Int? {
            let segment = curve.indices.dropFirst().first { curve[$0].flow >= flow } ?? curve.count - 1
            let (a, b) = (curve[max(segment - 1, 0)], curve[segment])
            let cost = b.flow == a.flow ? b.cost : a.cost + (min(flow, b.flow) - a.flow) * (b.cost - a.cost) / (b.flow - a.flow)
            var value = -cost
            let required = requiredArc == nil ? 0 : value / requiredBonus
            value -= required * requiredBonus
            let units = value / minimumBonus
            guard required == (requiredArc == nil ? 0 : 1), units == minimums else { return nil }
            return value - units * minimumBonus
        }
        guard most >= lockedCount else { return [:] }
        return Dictionary(uniqueKeysWithValues: (lockedCount...most).map { ($0, worth(atFlow: $0 - lockedCount)) })
    }

    /// Groups whose minimum the best flow could not fill, or nil when every minimum is met.
    func unmetMinimums() -> [String]? {
        let unmet = groups.filter { network.room(on: minimumArc[$0]!) > 0 }
        return unmet.isEmpty ? nil : unmet
    }

    /// Places towards the minimums that the best flow and the locks fill together.
    var minimumUnitsMet: Int {
        groups.reduce(0) { sum, group in
            sum + min(lockedPerGroup[group] ?? 0, quota(of: group).minimum) + network.flow(on: minimumArc[group]!)
        }
    }

    func chosenPairs() -> [(mentee: Int, mentor: Int)] {
        pairs.indices.filter { network.flow(on: firstPairArc + $0) > 0 }.map { pairs[$0] }
    }

    /// The pair a mentee → mentor arc stands for; nil for any other arc.
    func pair(onArc arc: Int) -> (mentee: Int, mentor: Int)? {
        arc >= firstPairArc && arc - firstPairArc < pairs.count ? pairs[arc - firstPairArc] : nil
    }

    /// Whether the mentee that had to be matched is, and the proposal has the count of pairs it had to have.
    var demandsMet: Bool {
        (requiredArc.map { network.flow(on: $0) > 0 } ?? true) && (pairCount.map { network.flow(on: budgetArc) == $0 - lockedCount } ?? true)
    }

    /// The locks and the chosen pairs: the whole proposal the flow makes.
    func proposedPairs() -> [(mentee: Int, mentor: Int)] { locks + chosenPairs() }

    /// How many of the group's mentees could be matched if no other group took a place, counting its locks;
    /// and how many of them have at least one compatible mentor.
    func reachableAlone(group: String) -> (reachable: Int, withCompatibleMentor: Int) {
        var alone = FlowNetwork(nodes: 2 + problem.mentors.count)
        let source = 0, target = 1
        let members = menteeNode.indices.filter { menteeNode[$0] != nil && problem.mentees[$0].group == group }
        let limit = max(min(remainingBudget ?? FlowNetwork.unbounded, remainingQuota(of: group).maximum ?? FlowNetwork.unbounded), 0)
        for (t, mentor) in problem.mentors.enumerated() where mentor.ineligibility == nil {
            alone.addArc(from: 2 + t, to: target, capacity: max(mentor.capacity - lockedPerMentor[t], 0), cost: 0)
        }
        var withMentor = 0
        for m in members {
            let node = alone.addNodes(1).lowerBound
            alone.addArc(from: source, to: node, capacity: 1, cost: 0)
            let compatible = problem.mentors.indices.filter { worth[m][$0] != nil }
            if !compatible.isEmpty { withMentor += 1 }
            for t in compatible { alone.addArc(from: node, to: 2 + t, capacity: 1, cost: -1) }
        }
        let locked = lockedPerGroup[group] ?? 0
        return (locked + alone.minimiseCost(from: source, to: target, limit: limit).flow, locked + withMentor)
    }

    // MARK: After solving: what one more pair would cost

    /// The network with the flow closed into a circulation (sink → root), so a cycle through a mentee's arc
    /// prices adding that mentee with everything the change would move.
    func circulation() -> FlowNetwork {
        var closed = network
        let flow = network.flow(on: budgetArc)
        let arc = closed.addArc(from: sink, to: root, capacity: flow + problem.mentees.count + 1, cost: 0)
        closed.force(flow, on: arc)
        return closed
    }
}
