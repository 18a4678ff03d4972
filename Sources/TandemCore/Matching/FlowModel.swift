/// The matcher's flow network for one problem, with the arcs it needs to read the answer back.
struct FlowModel {
    let problem: MatchingProblem
    let table: [[PairScore?]]
    private(set) var network = FlowNetwork()

    let root: Int, start: Int, sink: Int
    /// Groups of the mentees still to match and of the quotas, sorted.
    let groups: [String]
    private(set) var groupNode: [String: Int] = [:]
    private(set) var menteeNode: [Int: Int] = [:]
    private(set) var mentorNode: [Int] = []
    /// The arc root → start carrying the budget; per group its minimum and above-minimum arcs.
    private(set) var budgetArc = -1
    private(set) var minimumArc: [String: Int] = [:]
    private(set) var extraArc: [String: Int] = [:]
    private(set) var capacityArc: [Int] = []
    /// Mentee → mentor arcs and the pair each stands for.
    private(set) var pairOfArc: [Int: (mentee: Int, mentor: Int)] = [:]
    private(set) var arcOfPair: [Int: [Int: Int]] = [:]

    /// Locked pairs already counted against the limits.
    let lockedPerMentor: [Int]
    let lockedPerGroup: [String: Int]
    let lockedCount: Int
    /// Worth more than every score together: one unit of a minimum outweighs any scores.
    let minimumBonus: Int

    init(problem: MatchingProblem, table: [[PairScore?]], locks: [(mentee: Int, mentor: Int)]) {
        self.problem = problem
        self.table = table
        var perMentor = [Int](repeating: 0, count: problem.mentors.count)
        var perGroup: [String: Int] = [:]
        for lock in locks {
            perMentor[lock.mentor] += 1
            perGroup[problem.mentees[lock.mentee].group, default: 0] += 1
        }
        lockedPerMentor = perMentor
        lockedPerGroup = perGroup
        lockedCount = locks.count
        let lockedMentees = Set(locks.map(\.mentee))
        let free = problem.mentees.indices.filter { !lockedMentees.contains($0) && problem.mentees[$0].ineligibility == nil }
        groups = Set(free.map { problem.mentees[$0].group }).union(problem.rules.groupQuotas.keys).sorted()
        minimumBonus = 1 + free.reduce(0) { sum, m in sum + (table[m].compactMap { $0?.total }.max() ?? 0) }

        root = network.addNodes(3).lowerBound
        start = root + 1
        sink = root + 2
        budgetArc = network.addArc(from: root, to: start, capacity: max(remainingBudget ?? FlowNetwork.unbounded, 0), cost: 0)
        for group in groups {
            let node = network.addNodes(1).lowerBound
            groupNode[group] = node
            let quota = remainingQuota(of: group)
            let minimum = max(quota.minimum, 0)
            minimumArc[group] = network.addArc(from: start, to: node, capacity: minimum, cost: -minimumBonus)
            let extra = quota.maximum.map { max($0 - minimum, 0) } ?? FlowNetwork.unbounded
            extraArc[group] = network.addArc(from: start, to: node, capacity: extra, cost: 0)
        }
        for m in free {
            let node = network.addNodes(1).lowerBound
            menteeNode[m] = node
            network.addArc(from: groupNode[problem.mentees[m].group]!, to: node, capacity: 1, cost: 0)
        }
        mentorNode = Array(network.addNodes(problem.mentors.count))
        for (t, mentor) in problem.mentors.enumerated() {
            let room = mentor.ineligibility == nil ? max(mentor.capacity - perMentor[t], 0) : 0
            capacityArc.append(network.addArc(from: mentorNode[t], to: sink, capacity: room, cost: 0))
        }
        for m in free {
            for t in problem.mentors.indices {
                guard let score = table[m][t] else { continue }
                let arc = network.addArc(from: menteeNode[m]!, to: mentorNode[t], capacity: 1, cost: -score.total)
                pairOfArc[arc] = (m, t)
                arcOfPair[m, default: [:]][t] = arc
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
    func limitConflicts() -> [MatchingConflict]? {
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
        pairOfArc.filter { network.flow(on: $0.key) > 0 }.map(\.value)
    }

    /// How many of the group's mentees could be matched if no other group took a place, counting its locks;
    /// and how many of them have at least one compatible mentor.
    func reachableAlone(group: String) -> (reachable: Int, withCompatibleMentor: Int) {
        var alone = FlowNetwork(nodes: 2 + problem.mentors.count)
        let source = 0, target = 1
        let members = menteeNode.keys.filter { problem.mentees[$0].group == group }.sorted()
        let limit = max(min(remainingBudget ?? FlowNetwork.unbounded, remainingQuota(of: group).maximum ?? FlowNetwork.unbounded), 0)
        for (t, mentor) in problem.mentors.enumerated() where mentor.ineligibility == nil {
            alone.addArc(from: 2 + t, to: target, capacity: max(mentor.capacity - lockedPerMentor[t], 0), cost: 0)
        }
        var withMentor = 0
        for m in members {
            let node = alone.addNodes(1).lowerBound
            alone.addArc(from: source, to: node, capacity: 1, cost: 0)
            let compatible = problem.mentors.indices.filter { table[m][$0] != nil }
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
