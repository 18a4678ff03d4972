import Foundation
import TandemCore

/// The result of a matching problem as `tandem match solve` writes it (documented in docs/matching.md).
/// Keys are written in snake case: `solveMs` is `solve_ms`.
struct MatchingResultDocument: Encodable {
    struct PolicyPair: Encodable {
        let mentee: String
        let mentor: String
        let score: Int
        let locked: Bool
        /// Points per score component, to one decimal.
        let components: [String: Double]
    }

    struct Excluded: Encodable {
        let side: String
        let id: String
        let reason: String
        let message: String
        let alternative: AlternativeEntry?
    }

    struct AlternativeEntry: Encodable {
        let mentor: String
        let score: Int
        let totalDrop: Int
        let ends: [[String]]
        let starts: [[String]]
    }

    struct Conflict: Encodable {
        let code: String
        let message: String
    }

    let kind: String
    let feasible: Bool
    let objective: Int
    /// `[row, column]` for an assignment, `[left, right, score]` for a b-matching.
    let pairs: [[Int]]?
    let policyPairs: [PolicyPair]?
    let excluded: [Excluded]?
    let conflicts: [Conflict]?
    let solveMs: Double

    enum CodingKeys: String, CodingKey {
        case kind, feasible, objective, pairs, excluded, conflicts, solveMs
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(feasible, forKey: .feasible)
        try container.encode(objective, forKey: .objective)
        if let policyPairs { try container.encode(policyPairs, forKey: .pairs) } else { try container.encode(pairs ?? [], forKey: .pairs) }
        try container.encodeIfPresent(excluded, forKey: .excluded)
        try container.encodeIfPresent(conflicts, forKey: .conflicts)
        try container.encode(solveMs, forKey: .solveMs)
    }

    static func solve(_ file: MatchingFile, explanation: MatchingExplanation) -> MatchingResultDocument {
        let clock = ContinuousClock()
        switch file {
        case .assignment(let scores, let rows, let columns):
            var solution: Assignment.Solution!
            let elapsed = clock.measure { solution = Assignment.solve(scores: scores, rows: rows, columns: columns) }
            let pairs = solution.columnForRow.enumerated().compactMap { row, column in column.map { [row, $0] } }
            return MatchingResultDocument(kind: "assignment", feasible: true, objective: solution.total, pairs: pairs,
                                          policyPairs: nil, excluded: nil, conflicts: nil, solveMs: milliseconds(elapsed))
        case .bMatching(let left, let right, let edges):
            var solution: BMatching.Solution!
            let elapsed = clock.measure { solution = BMatching.solve(leftCapacity: left, rightCapacity: right, edges: edges) }
            let pairs = solution.chosen.map { [edges[$0].left, edges[$0].right, edges[$0].score] }
            return MatchingResultDocument(kind: "b-matching", feasible: true, objective: solution.total, pairs: pairs,
                                          policyPairs: nil, excluded: nil, conflicts: nil, solveMs: milliseconds(elapsed))
        case .policy(let problem):
            var proposal: MatchingProposal!
            let elapsed = clock.measure { proposal = Matcher.solve(problem) }
            return policy(proposal, explanation: explanation, solveMs: milliseconds(elapsed))
        }
    }

    static func policy(_ proposal: MatchingProposal, explanation: MatchingExplanation, solveMs: Double) -> MatchingResultDocument {
        let pairs = proposal.pairs.map { entry in
            PolicyPair(mentee: entry.pair.mentee, mentor: entry.pair.mentor, score: entry.score.total, locked: entry.locked,
                       components: Dictionary(uniqueKeysWithValues: entry.score.parts.map { ($0.component.rawValue, ($0.points * 10).rounded() / 10) }))
        }
        let excluded = proposal.exclusions.map { exclusion in
            var alternative: AlternativeEntry?
            if case .outscored(let best) = exclusion.reason {
                alternative = AlternativeEntry(mentor: best.mentor, score: best.score, totalDrop: best.totalDrop,
                                               ends: best.ended.map { [$0.mentee, $0.mentor] }, starts: best.started.map { [$0.mentee, $0.mentor] })
            }
            return Excluded(side: exclusion.side.rawValue, id: exclusion.id, reason: explanation.code(of: exclusion.reason),
                            message: explanation.sentence(for: exclusion), alternative: alternative)
        }
        let conflicts = proposal.conflicts.map { Conflict(code: explanation.code(of: $0), message: explanation.sentence(for: $0)) }
        return MatchingResultDocument(kind: "policy", feasible: proposal.isFeasible, objective: proposal.total, pairs: nil,
                                      policyPairs: pairs, excluded: excluded, conflicts: conflicts, solveMs: solveMs)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return (milliseconds * 1000).rounded() / 1000
    }
}
