/// A directed network with integer capacities and costs, solved for the cheapest flow from a source to a sink.
///
/// Every matching problem Tandem solves is one of these: left vertices feed right vertices through arcs whose
/// cost is minus the pair's score, so the cheapest flow is the best-scoring set of pairs. The solver is the
/// primal-dual method: Dijkstra's shortest paths on reduced costs keep node potentials, and all the shortest
/// augmenting paths of one length are pushed together as a blocking flow, so the number of Dijkstra runs is
/// bounded by the number of distinct path costs (at most about the score range), not by the size of the flow.
public struct FlowNetwork: Sendable {
    public typealias Node = Int
    public typealias Arc = Int

    /// Arc `a` and its residual twin `a ^ 1` are stored side by side.
    private var head: [Int] = []
    private var to: [Int] = []
    private var next: [Int] = []
    private var residual: [Int] = []
    private var cost: [Int] = []
    private var initialCapacity: [Int] = []
    private(set) var potential: [Int] = []

    public private(set) var nodeCount = 0

    public static let unbounded = Int.max / 4

    public init(nodes: Int = 0) {
        addNodes(nodes)
    }

    @discardableResult
    public mutating func addNodes(_ count: Int) -> Range<Node> {
        let first = nodeCount
        nodeCount += count
        head.append(contentsOf: repeatElement(-1, count: count))
        potential.append(contentsOf: repeatElement(0, count: count))
        return first..<nodeCount
    }

    @discardableResult
    public mutating func addArc(from tail: Node, to target: Node, capacity: Int, cost arcCost: Int) -> Arc {
        precondition(capacity >= 0, "an arc's capacity cannot be negative")
        let arc = to.count
        to.append(target); next.append(head[tail]); head[tail] = arc
        residual.append(capacity); cost.append(arcCost); initialCapacity.append(capacity)
        to.append(tail); next.append(head[target]); head[target] = arc + 1
        residual.append(0); cost.append(-arcCost); initialCapacity.append(0)
        return arc
    }

    public func flow(on arc: Arc) -> Int { initialCapacity[arc] - residual[arc] }
    public func capacity(of arc: Arc) -> Int { initialCapacity[arc] }
    public func tail(of arc: Arc) -> Node { to[arc ^ 1] }
    public func head(of arc: Arc) -> Node { to[arc] }
    public func cost(of arc: Arc) -> Int { cost[arc] }
    public var arcCount: Int { to.count / 2 }

    /// Pushes flow from `source` to `sink` along the cheapest paths for as long as a path costs less than
    /// zero (so flow that would raise the total cost is never sent) and `limit` is not reached.
    /// The network must have no cycle of negative cost when this starts; a network built as layers is fine.
    @discardableResult
    public mutating func minimiseCost(from source: Node, to sink: Node, limit: Int = unbounded) -> (flow: Int, cost: Int) {
        var sent = 0, total = 0
        guard source != sink, limit > 0 else { return (0, 0) }
        potential = shortestDistances(from: source)
        var distance = [Int](repeating: FlowNetwork.unbounded, count: nodeCount)
        var level = [Int](repeating: -1, count: nodeCount)
        var current = [Int](repeating: -1, count: nodeCount)
        var heap = NodeHeap(capacity: nodeCount)
        while sent < limit {
            guard dijkstra(from: source, to: sink, distance: &distance, heap: &heap) else { break }
            let bound = distance[sink]
            for node in 0..<nodeCount where potential[node] < FlowNetwork.unbounded {
                potential[node] += min(distance[node], bound)
            }
            let pathCost = potential[sink] - potential[source]
            if pathCost >= 0 { break }
            // Every source-sink path over arcs of zero reduced cost now costs `pathCost`: send as much as fits.
            while sent < limit, levelAdmissible(from: source, to: sink, level: &level) {
                for node in 0..<nodeCount { current[node] = head[node] }
                while sent < limit {
                    let pushed = push(from: source, to: sink, amount: limit - sent, level: level, current: &current)
                    if pushed == 0 { break }
                    sent += pushed
                    total += pushed * pathCost
                }
            }
        }
        return (sent, total)
    }

    /// Cheapest distances from `source` over arcs with room left; `unbounded` where none exists. Uses the
    /// network's layers (a topological order) when it has no cycle, Bellman-Ford otherwise.
    func shortestDistances(from source: Node) -> [Int] {
        var distance = [Int](repeating: FlowNetwork.unbounded, count: nodeCount)
        distance[source] = 0
        var indegree = [Int](repeating: 0, count: nodeCount)
        for arc in 0..<to.count where residual[arc] > 0 { indegree[to[arc]] += 1 }
        var order: [Node] = []
        order.reserveCapacity(nodeCount)
        for node in 0..<nodeCount where indegree[node] == 0 { order.append(node) }
        var index = 0
        while index < order.count {
            let node = order[index]; index += 1
            var arc = head[node]
            while arc >= 0 {
                if residual[arc] > 0 {
                    let target = to[arc]
                    if distance[node] < FlowNetwork.unbounded, distance[node] + cost[arc] < distance[target] {
                        distance[target] = distance[node] + cost[arc]
                    }
                    indegree[target] -= 1
                    if indegree[target] == 0 { order.append(target) }
                }
                arc = next[arc]
            }
        }
        if order.count == nodeCount { return distance }
        return bellmanFord(from: source)
    }

    /// Shortest distances where the residual network may have cycles (none of negative cost).
    func bellmanFord(from source: Node) -> [Int] {
        var distance = [Int](repeating: FlowNetwork.unbounded, count: nodeCount)
        distance[source] = 0
        var queued = [Bool](repeating: false, count: nodeCount)
        var queue: [Node] = [source]
        queued[source] = true
        var index = 0
        while index < queue.count {
            let node = queue[index]; index += 1
            queued[node] = false
            var arc = head[node]
            while arc >= 0 {
                if residual[arc] > 0, distance[node] + cost[arc] < distance[to[arc]] {
                    distance[to[arc]] = distance[node] + cost[arc]
                    if !queued[to[arc]] { queued[to[arc]] = true; queue.append(to[arc]) }
                }
                arc = next[arc]
            }
            if index > 4096, index * 2 > queue.count { queue.removeFirst(index); index = 0 }
        }
        return distance
    }

    /// Dijkstra on reduced costs; stops once `sink` is settled. Returns whether the sink was reached.
    private func dijkstra(from source: Node, to sink: Node, distance: inout [Int], heap: inout NodeHeap) -> Bool {
        for node in 0..<nodeCount { distance[node] = FlowNetwork.unbounded }
        distance[source] = 0
        heap.removeAll()
        heap.push(source, key: 0)
        while let (node, key) = heap.pop() {
            if key > distance[node] { continue }
            if node == sink { return true }
            var arc = head[node]
            while arc >= 0 {
                if residual[arc] > 0 {
                    let target = to[arc]
                    let reduced = cost[arc] + potential[node] - potential[target]
                    let candidate = key + reduced
                    if candidate < distance[target] {
                        distance[target] = candidate
                        heap.push(target, key: candidate)
                    }
                }
                arc = next[arc]
            }
        }
        return false
    }

    private func isAdmissible(_ arc: Arc) -> Bool {
        residual[arc] > 0 && cost[arc] + potential[to[arc ^ 1]] - potential[to[arc]] == 0
    }

    /// Breadth-first levels over admissible arcs, so the pushes below follow no cycle of zero reduced cost.
    private func levelAdmissible(from source: Node, to sink: Node, level: inout [Int]) -> Bool {
        for node in 0..<nodeCount { level[node] = -1 }
        level[source] = 0
        var queue: [Node] = [source]
        var index = 0
        while index < queue.count {
            let node = queue[index]; index += 1
            var arc = head[node]
            while arc >= 0 {
                if level[to[arc]] < 0, isAdmissible(arc) {
                    level[to[arc]] = level[node] + 1
                    queue.append(to[arc])
                }
                arc = next[arc]
            }
        }
        return level[sink] >= 0
    }

    /// One augmenting path along increasing levels, found depth-first without recursion.
    private mutating func push(from source: Node, to sink: Node, amount: Int, level: [Int], current: inout [Int]) -> Int {
        var path: [Arc] = []
        var node = source
        while true {
            if node == sink {
                var pushed = amount
                for arc in path { pushed = min(pushed, residual[arc]) }
                for arc in path { residual[arc] -= pushed; residual[arc ^ 1] += pushed }
                return pushed
            }
            var arc = current[node]
            while arc >= 0, !(level[to[arc]] == level[node] + 1 && isAdmissible(arc)) { arc = next[arc] }
            current[node] = arc
            if arc >= 0 {
                path.append(arc)
                node = to[arc]
            } else {
                // A dead end: retreat and stop the parent from trying this node again.
                guard let last = path.popLast() else { return 0 }
                node = to[last ^ 1]
                current[node] = next[current[node]]
            }
        }
    }

    /// Pushes `amount` along one arc directly, outside any path search (used to fix a pair in place).
    public mutating func force(_ amount: Int, on arc: Arc) {
        residual[arc] -= amount
        residual[arc ^ 1] += amount
    }

    /// Room left on an arc, or on a twin: the flow that can be taken back.
    public func room(on arc: Arc) -> Int { residual[arc] }

    /// The twin of an arc: taking flow back along it.
    public static func twin(of arc: Arc) -> Arc { arc ^ 1 }

    /// The cheapest way from every node to `target` through the residual network: its cost (`unbounded` where
    /// there is none) and the first arc to take. The residual network of a cheapest flow has no negative
    /// cycle, so these are well defined; they say what it costs to change the flow by one more unit.
    public func cheapestPaths(to target: Node) -> (cost: [Int], firstArc: [Arc]) {
        var distance = [Int](repeating: FlowNetwork.unbounded, count: nodeCount)
        var firstArc = [Arc](repeating: -1, count: nodeCount)
        var queued = [Bool](repeating: false, count: nodeCount)
        distance[target] = 0
        var queue: [Node] = [target]
        queued[target] = true
        var index = 0
        while index < queue.count {
            let node = queue[index]; index += 1
            queued[node] = false
            var arc = head[node]
            while arc >= 0 {
                let entering = arc ^ 1, from = to[arc]
                if residual[entering] > 0, distance[node] + cost[entering] < distance[from] {
                    distance[from] = distance[node] + cost[entering]
                    firstArc[from] = entering
                    if !queued[from] { queued[from] = true; queue.append(from) }
                }
                arc = next[arc]
            }
        }
        return (distance, firstArc)
    }
}

/// A binary min-heap of (node, key) pairs with lazy deletion: a node may be pushed again with a smaller key.
struct NodeHeap {
    private var nodes: [Int] = []
    private var keys: [Int] = []

    init(capacity: Int) {
        nodes.reserveCapacity(capacity)
        keys.reserveCapacity(capacity)
    }

    mutating func removeAll() { nodes.removeAll(keepingCapacity: true); keys.removeAll(keepingCapacity: true) }

    mutating func push(_ node: Int, key: Int) {
        nodes.append(node); keys.append(key)
        var child = nodes.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if keys[parent] <= keys[child] { break }
            nodes.swapAt(parent, child); keys.swapAt(parent, child)
            child = parent
        }
    }

    mutating func pop() -> (Int, Int)? {
        guard let top = nodes.first else { return nil }
        let key = keys[0]
        nodes[0] = nodes[nodes.count - 1]; keys[0] = keys[keys.count - 1]
        nodes.removeLast(); keys.removeLast()
        var parent = 0
        let count = nodes.count
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < count, keys[left] < keys[smallest] { smallest = left }
            if right < count, keys[right] < keys[smallest] { smallest = right }
            if smallest == parent { break }
            nodes.swapAt(parent, smallest); keys.swapAt(parent, smallest)
            parent = smallest
        }
        return (top, key)
    }
}
