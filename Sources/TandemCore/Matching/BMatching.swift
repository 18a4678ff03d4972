/// Bipartite b-matching: vertices on the left and right with capacities, scored edges between them, and the
/// set of edges with the highest total score in which no vertex has more edges than its capacity. Vertices
/// need not be matched at all, so an edge with a score of zero or less is never worth choosing.
public enum BMatching {
    public struct Edge: Equatable, Sendable {
        public let left: Int
        public let right: Int
        public let score: Int

        public init(left: Int, right: Int, score: Int) {
            self.left = left
            self.right = right
            self.score = score
        }
    }

    public struct Solution: Equatable, Sendable {
        /// Indexes into the problem's edges, in increasing order.
        public let chosen: [Int]
        public let total: Int
    }

    /// Solved as a cheapest flow: source → left (capacity) → right (one per edge, cost −score) → sink (capacity).
    public static func solve(leftCapacity: [Int], rightCapacity: [Int], edges: [Edge]) -> Solution {
        var network = FlowNetwork(nodes: 2 + leftCapacity.count + rightCapacity.count)
        network.reserveArcs(leftCapacity.count + rightCapacity.count + edges.count)
        let source = 0, sink = 1
        let left = { 2 + $0 }, right = { 2 + leftCapacity.count + $0 }
        for (vertex, capacity) in leftCapacity.enumerated() {
            network.addArc(from: source, to: left(vertex), capacity: capacity, cost: 0)
        }
        for (vertex, capacity) in rightCapacity.enumerated() {
            network.addArc(from: right(vertex), to: sink, capacity: capacity, cost: 0)
        }
        var arcs: [(edge: Int, arc: FlowNetwork.Arc)] = []
        arcs.reserveCapacity(edges.count)
        for (index, edge) in edges.enumerated() where edge.score > 0 {
            arcs.append((index, network.addArc(from: left(edge.left), to: right(edge.right), capacity: 1, cost: -edge.score)))
        }
        let result = network.minimiseCost(from: source, to: sink)
        let chosen = arcs.filter { network.flow(on: $0.arc) > 0 }.map(\.edge)
        return Solution(chosen: chosen, total: -result.cost)
    }
}
