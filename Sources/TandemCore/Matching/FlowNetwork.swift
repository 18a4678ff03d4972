/// A directed network with integer capacities and costs, solved for the cheapest flow from a source to a sink.
///
/// Every matching problem Tandem solves is one of these: left vertices feed right vertices through arcs whose
/// cost is minus the pair's score, so the cheapest flow is the best-scoring set of pairs. The solver is the
/// primal-dual method: Dijkstra's shortest paths on reduced costs keep node potentials, and then every
/// augmenting path of that same cost is pushed by depth-first search before the next Dijkstra, so the
/// number of Dijkstra runs follows the number of distinct path costs (about the score range), not the size
/// of the flow.
public struct FlowNetwork: Sendable {
    public typealias Node = Int
    /// An arc as `addArc` returned it. Internally arc `a` is the half-arc `2a` and its residual twin `2a + 1`.
    public typealias Arc = Int

    private var target: [Int] = []
    private var cost: [Int] = []
    private var residual: [Int] = []
    private var capacity: [Int] = []
    /// The half-arcs leaving node v are `adjacency[firstOut[v]..<firstOut[v + 1]]`, rebuilt when arcs were added.
    private var adjacency: [Int] = []
    private var firstOut: [Int] = [0]

    public private(set) var nodeCount = 0
    public var arcCount: Int { target.count / 2 }

    public static let unbounded = Int.max / 4

    public init(nodes: Int = 0) {
        addNodes(nodes)
    }

    @discardableResult
    public mutating func addNodes(_ count: Int) -> Range<Node> {
        let first = nodeCount
        nodeCount += count
        return first..<nodeCount
    }

    /// Makes room for `count` more arcs, so adding them does not copy the arrays again and again.
    public mutating func reserveArcs(_ count: Int) {
        let halves = target.count + 2 * count
        target.reserveCapacity(halves)
        cost.reserveCapacity(halves)
        residual.reserveCapacity(halves)
        capacity.reserveCapacity(halves)
    }

    @discardableResult
    public mutating func addArc(from tail: Node, to head: Node, capacity arcCapacity: Int, cost arcCost: Int) -> Arc {
        precondition(arcCapacity >= 0, "an arc's capacity cannot be negative")
        precondition(tail < nodeCount && head < nodeCount, "both ends of an arc must be nodes of the network")
        let arc = target.count / 2
        target.append(head); target.append(tail)
        cost.append(arcCost); cost.append(-arcCost)
        residual.append(arcCapacity); residual.append(0)
        capacity.append(arcCapacity); capacity.append(0)
        return arc
    }

    public func flow(on arc: Arc) -> Int { capacity[2 * arc] - residual[2 * arc] }
    public func capacity(of arc: Arc) -> Int { capacity[2 * arc] }
    public func head(of arc: Arc) -> Node { target[2 * arc] }
    public func tail(of arc: Arc) -> Node { target[2 * arc + 1] }
    public func cost(of arc: Arc) -> Int { cost[2 * arc] }
    /// Room left on an arc: how much more flow it can take.
    public func room(on arc: Arc) -> Int { residual[2 * arc] }

    /// Pushes `amount` along one arc directly, outside any path search.
    public mutating func force(_ amount: Int, on arc: Arc) {
        residual[2 * arc] -= amount
        residual[2 * arc + 1] += amount
    }

    private mutating func buildAdjacency() {
        guard adjacency.count != target.count || firstOut.count != nodeCount + 1 else { return }
        var first = [Int](repeating: 0, count: nodeCount + 1)
        for half in target.indices { first[target[half ^ 1] + 1] += 1 }
        for node in 0..<nodeCount { first[node + 1] += first[node] }
        var next = first
        adjacency = [Int](repeating: 0, count: target.count)
        for half in target.indices {
            let tail = target[half ^ 1]
            adjacency[next[tail]] = half
            next[tail] += 1
        }
        firstOut = first
    }

    /// Pushes flow from `source` to `sink` along the cheapest paths for as long as a path costs less than
    /// zero (so flow that would raise the total cost is never sent) and `limit` is not reached.
    /// The network must have no cycle of negative cost when this starts; a network built as layers is fine.
    @discardableResult
    public mutating func minimiseCost(from source: Node, to sink: Node, limit: Int = unbounded) -> (flow: Int, cost: Int) {
        minimiseCost(from: source, to: sink, limit: limit, phaseEnded: nil)
    }

    /// The cheapest cost of each amount of flow, up to where more flow would raise the cost: the amounts and
    /// costs at which the cost per unit changes, starting at (0, 0). Between two of them each unit costs the
    /// same, so the cost of any amount in between lies on the line joining them. The network is left with the
    /// largest of these flows.
    public mutating func costCurve(from source: Node, to sink: Node) -> [(flow: Int, cost: Int)] {
        var curve = [(flow: 0, cost: 0)]
        minimiseCost(from: source, to: sink, limit: FlowNetwork.unbounded) { curve.append((flow: $0, cost: $1)) }
        return curve
    }

    private mutating func minimiseCost(from source: Node, to sink: Node, limit: Int,
                                       phaseEnded: ((Int, Int) -> Void)?) -> (flow: Int, cost: Int) {
        guard source != sink, limit > 0 else { return (0, 0) }
        buildAdjacency()
        let work = Workspace(target: target, cost: cost, residual: residual, adjacency: adjacency, firstOut: firstOut,
                             potential: shortestDistances(from: source))
        defer { work.release() }
        let result = work.minimiseCost(from: source, to: sink, limit: limit, phaseEnded: phaseEnded)
        residual = work.residualByHalf
        return result
    }

    /// Cheapest distances from `source` over arcs with room; `unbounded` where there is no way. A network
    /// without cycles is swept once in topological order; otherwise Bellman-Ford with a queue.
    private func shortestDistances(from source: Node) -> [Int] {
        var distance = [Int](repeating: FlowNetwork.unbounded, count: nodeCount)
        distance[source] = 0
        var indegree = [Int](repeating: 0, count: nodeCount)
        for half in target.indices where residual[half] > 0 { indegree[target[half]] += 1 }
        var order = (0..<nodeCount).filter { indegree[$0] == 0 }
        var index = 0
        while index < order.count {
            let node = order[index]
            index += 1
            for slot in firstOut[node]..<firstOut[node + 1] {
                let half = adjacency[slot]
                guard residual[half] > 0 else { continue }
                let head = target[half]
                if distance[node] < FlowNetwork.unbounded { distance[head] = min(distance[head], distance[node] + cost[half]) }
                indegree[head] -= 1
                if indegree[head] == 0 { order.append(head) }
            }
        }
        if order.count == nodeCount { return distance }
        return relax(from: source, forward: true).cost
    }

    /// Bellman-Ford with a queue over arcs with room, from `origin` (forward) or towards it (backward).
    /// Returns each node's cost and the half-arc that leads on towards the origin (backward only).
    private func relax(from origin: Node, forward: Bool) -> (cost: [Int], via: [Int]) {
        var distance = [Int](repeating: FlowNetwork.unbounded, count: nodeCount)
        var via = [Int](repeating: -1, count: nodeCount)
        var queued = [Bool](repeating: false, count: nodeCount)
        distance[origin] = 0
        var queue = [origin]
        queued[origin] = true
        var index = 0
        while index < queue.count {
            let node = queue[index]
            index += 1
            queued[node] = false
            for slot in firstOut[node]..<firstOut[node + 1] {
                // Backward, the arc that enters `node` is the twin of the one that leaves it.
                let half = forward ? adjacency[slot] : adjacency[slot] ^ 1
                let other = forward ? target[half] : target[half ^ 1]
                guard residual[half] > 0, distance[node] + cost[half] < distance[other] else { continue }
                distance[other] = distance[node] + cost[half]
                via[other] = half
                if !queued[other] { queued[other] = true; queue.append(other) }
            }
            if index > 4096, index * 2 > queue.count { queue.removeFirst(index); index = 0 }
        }
        return (distance, via)
    }

    /// The cheapest way from every node to `destination` through the residual network: its cost (`unbounded`
    /// where there is none) and the first arc to take, as `(arc, forward)`: forward is false when the step
    /// takes flow back along the arc. The residual network of a cheapest flow has no negative cycle, so these
    /// are well defined; they say what it costs to change the flow by one more unit.
    public mutating func cheapestPaths(to destination: Node) -> (cost: [Int], firstStep: [(arc: Arc, forward: Bool)?]) {
        buildAdjacency()
        let (cost, via) = relax(from: destination, forward: false)
        return (cost, via.map { $0 < 0 ? nil : ($0 / 2, $0 % 2 == 0) })
    }

    /// Where a step along an arc (or back along it) arrives.
    public func end(of step: (arc: Arc, forward: Bool)) -> Node {
        step.forward ? head(of: step.arc) : tail(of: step.arc)
    }
}

/// The solver's working memory: the network's half-arcs laid out in adjacency order, so that scanning a
/// node's arcs reads memory in sequence, with each half-arc's twin found through `twin`.
private struct Workspace {
    let target, cost, twin, firstOut: UnsafeMutableBufferPointer<Int>
    let residual, potential, distance, mark, current, path: UnsafeMutableBufferPointer<Int>
    /// Where each of the network's half-arcs sits here.
    private let slotOfHalf: [Int]
    var nodeCount: Int { potential.count }

    init(target: [Int], cost: [Int], residual: [Int], adjacency: [Int], firstOut: [Int], potential: [Int]) {
        let slots = adjacency.count, n = potential.count
        var slotOfHalf = [Int](repeating: 0, count: slots)
        for (slot, half) in adjacency.enumerated() { slotOfHalf[half] = slot }
        self.slotOfHalf = slotOfHalf
        self.target = .allocate(capacity: slots); self.cost = .allocate(capacity: slots)
        self.residual = .allocate(capacity: slots); self.twin = .allocate(capacity: slots)
        for (slot, half) in adjacency.enumerated() {
            self.target[slot] = target[half]
            self.cost[slot] = cost[half]
            self.residual[slot] = residual[half]
            self.twin[slot] = slotOfHalf[half ^ 1]
        }
        self.firstOut = .allocate(capacity: firstOut.count)
        _ = self.firstOut.initialize(from: firstOut)
        self.potential = .allocate(capacity: n)
        _ = self.potential.initialize(from: potential)
        distance = .allocate(capacity: n); mark = .allocate(capacity: n); current = .allocate(capacity: n)
        path = .allocate(capacity: n + 1)
    }

    /// The room left on each of the network's half-arcs, in the network's order.
    var residualByHalf: [Int] {
        var byHalf = [Int](repeating: 0, count: slotOfHalf.count)
        for (half, slot) in slotOfHalf.enumerated() { byHalf[half] = residual[slot] }
        return byHalf
    }

    func release() {
        for buffer in [target, cost, twin, firstOut, residual, potential, distance, mark, current, path] {
            buffer.deallocate()
        }
    }

    func minimiseCost(from source: Int, to sink: Int, limit: Int, phaseEnded: ((Int, Int) -> Void)?) -> (flow: Int, cost: Int) {
        var sent = 0, total = 0
        var heap = NodeHeap()
        while sent < limit {
            guard dijkstra(from: source, to: sink, heap: &heap) else { break }
            let bound = distance[sink]
            for node in 0..<nodeCount where potential[node] < FlowNetwork.unbounded {
                potential[node] += min(distance[node], bound)
            }
            let pathCost = potential[sink] - potential[source]
            if pathCost >= 0 { break }
            // Every source-sink path over arcs of zero reduced cost now costs `pathCost`: send as much as fits.
            for node in 0..<nodeCount { current[node] = firstOut[node]; mark[node] = 0 }
            while sent < limit {
                let pushed = push(from: source, to: sink, amount: limit - sent)
                if pushed == 0 { break }
                sent += pushed
                total += pushed * pathCost
            }
            phaseEnded?(sent, total)
        }
        return (sent, total)
    }

    /// Dijkstra on reduced costs; stops once `sink` is settled. Returns whether the sink was reached.
    private func dijkstra(from source: Int, to sink: Int, heap: inout NodeHeap) -> Bool {
        for node in 0..<nodeCount { distance[node] = FlowNetwork.unbounded }
        distance[source] = 0
        heap.removeAll()
        heap.push(source, key: 0)
        while let (node, key) = heap.pop() {
            if key > distance[node] { continue }
            if node == sink { return true }
            let base = potential[node]
            for slot in firstOut[node]..<firstOut[node + 1] {
                guard residual[slot] > 0 else { continue }
                let head = target[slot]
                let candidate = key + cost[slot] + base - potential[head]
                if candidate < distance[head] {
                    distance[head] = candidate
                    heap.push(head, key: candidate)
                }
            }
        }
        return false
    }

    /// One augmenting path over admissible arcs (room left, zero reduced cost), depth-first without recursion.
    /// `mark` keeps the search off nodes on the path (1), so it follows no cycle of zero reduced cost, and off
    /// nodes already found to lead nowhere in this phase (2). A node so marked only because the way on went
    /// through the path is found again in the next phase, which has the same path cost.
    private func push(from source: Int, to sink: Int, amount: Int) -> Int {
        var depth = 0
        var node = source
        mark[source] = 1
        while true {
            if node == sink {
                var pushed = amount
                for step in 0..<depth { pushed = min(pushed, residual[path[step]]) }
                for step in 0..<depth {
                    residual[path[step]] -= pushed
                    residual[twin[path[step]]] += pushed
                    mark[target[path[step]]] = 0
                }
                mark[source] = 0
                return pushed
            }
            let end = firstOut[node + 1], base = potential[node]
            var slot = current[node]
            while slot < end {
                let head = target[slot]
                if mark[head] == 0, residual[slot] > 0, cost[slot] + base == potential[head] { break }
                slot += 1
            }
            current[node] = slot
            if slot < end {
                path[depth] = slot
                depth += 1
                node = target[slot]
                mark[node] = 1
            } else {
                mark[node] = 2
                guard depth > 0 else { return 0 }
                depth -= 1
                node = target[twin[path[depth]]]
                current[node] += 1
            }
        }
    }
}

/// A radix heap: a priority queue for Dijkstra, where every key pushed is at least the last key popped. Keys
/// sit in buckets by the highest bit in which they differ from the last key popped, so a push is O(1) and each
/// key moves down at most 64 times.
struct NodeHeap {
    private var nodes: [[Int]] = Array(repeating: [], count: 65)
    private var keys: [[Int]] = Array(repeating: [], count: 65)
    private var last = 0
    private var count = 0

    mutating func removeAll() {
        for bucket in 0..<65 { nodes[bucket].removeAll(keepingCapacity: true); keys[bucket].removeAll(keepingCapacity: true) }
        last = 0
        count = 0
    }

    private func bucket(for key: Int) -> Int { key == last ? 0 : 64 - (key ^ last).leadingZeroBitCount }

    mutating func push(_ node: Int, key: Int) {
        let index = bucket(for: key)
        nodes[index].append(node)
        keys[index].append(key)
        count += 1
    }

    mutating func pop() -> (Int, Int)? {
        guard count > 0 else { return nil }
        if nodes[0].isEmpty {
            var index = 1
            while nodes[index].isEmpty { index += 1 }
            last = keys[index].min()!
            let movingNodes = nodes[index], movingKeys = keys[index]
            nodes[index].removeAll(keepingCapacity: true)
            keys[index].removeAll(keepingCapacity: true)
            for (node, key) in zip(movingNodes, movingKeys) {
                let target = bucket(for: key)
                nodes[target].append(node)
                keys[target].append(key)
            }
        }
        count -= 1
        return (nodes[0].removeLast(), keys[0].removeLast())
    }
}
