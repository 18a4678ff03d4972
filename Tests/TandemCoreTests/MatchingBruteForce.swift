import TandemCore

/// The slow, obviously right answers the matcher is checked against: every possible set of pairs is tried.
enum BruteForce {
    /// The best total of a policy problem, or nil when no choice of pairs keeps every rule.
    static func bestTotal(_ problem: MatchingProblem) -> Int? {
        let table = Matcher(problem).scoreTable()
        let mentees = problem.mentees, mentors = problem.mentors
        var locked: [Int: Set<Int>] = [:]
        for lock in problem.locks {
            guard let m = mentees.firstIndex(where: { $0.id == lock.mentee }),
                  let t = mentors.firstIndex(where: { $0.id == lock.mentor }) else { return nil }
            locked[m, default: []].insert(t)
        }
        var used = [Int](repeating: 0, count: mentors.count)
        var perGroup: [String: Int] = [:]
        var regional = 0
        var best: Int?

        func visit(_ m: Int, matched: Int, total: Int) {
            if let budget = problem.rules.budget, matched > budget { return }
            if m == mentees.count {
                for (group, quota) in problem.rules.groupQuotas {
                    let count = perGroup[group] ?? 0
                    if count < quota.minimum || (quota.maximum.map { count > $0 } ?? false) { return }
                }
                if let share = problem.rules.minimumRegionalShare, 100 * regional < share * matched { return }
                best = max(best ?? total, total)
                return
            }
            let choices: [Int?]
            if let required = locked[m] {
                guard required.count == 1 else { return }
                choices = [required.first!]
            } else {
                choices = [nil] + mentors.indices.map { $0 }
            }
            for choice in choices {
                guard let t = choice else { visit(m + 1, matched: matched, total: total); continue }
                guard let score = table[m][t], used[t] < mentors[t].capacity else { continue }
                let sameGroup = mentees[m].group == mentors[t].group ? 1 : 0
                used[t] += 1
                perGroup[mentees[m].group, default: 0] += 1
                regional += sameGroup
                visit(m + 1, matched: matched + 1, total: total + score.total)
                regional -= sameGroup
                perGroup[mentees[m].group]! -= 1
                used[t] -= 1
            }
        }
        visit(0, matched: 0, total: 0)
        return best
    }

    /// The best total of an assignment problem by trying every injective map of the smaller side.
    static func bestAssignment(scores: [[Int]]) -> Int {
        let rows = scores.count, columns = scores.first?.count ?? 0
        let transpose = rows > columns
        let matrix = transpose ? (0..<columns).map { c in (0..<rows).map { scores[$0][c] } } : scores
        var taken = [Bool](repeating: false, count: transpose ? rows : columns)
        func visit(_ row: Int) -> Int {
            if row == matrix.count { return 0 }
            var best = Int.min
            for column in taken.indices where !taken[column] {
                taken[column] = true
                best = max(best, matrix[row][column] + visit(row + 1))
                taken[column] = false
            }
            return best
        }
        return visit(0)
    }

    /// The best total of a b-matching by trying every subset of edges.
    static func bestBMatching(leftCapacity: [Int], rightCapacity: [Int], edges: [BMatching.Edge]) -> Int {
        var left = leftCapacity, right = rightCapacity
        func visit(_ index: Int) -> Int {
            if index == edges.count { return 0 }
            var best = visit(index + 1)
            let edge = edges[index]
            if left[edge.left] > 0, right[edge.right] > 0 {
                left[edge.left] -= 1; right[edge.right] -= 1
                best = max(best, edge.score + visit(index + 1))
                left[edge.left] += 1; right[edge.right] += 1
            }
            return best
        }
        return visit(0)
    }
}

/// A small deterministic generator, so a failing seed reproduces the same instance.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
