import PropertyBased
import Testing
import TandemCore

/// The matcher against brute force on small random problems with capacities, quotas, a budget, locks and
/// forbidden pairs, feasible or not: the same best total every time, infeasible exactly when no choice of
/// pairs keeps the rules, a proposal that keeps every rule, and explanations whose figures hold.
@Suite struct MatcherPropertyTests {
    @Test func theMatcherFindsTheBestTotalThatBruteForceFinds() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0...Int.max)) { seed in
            Self.checkBestTotal(RandomProblem.make(seed: UInt64(seed)), seed: seed)
        }
    }

    @Test func everyLeftOutMenteeIsExplainedWithTheTrueCostOfAddingIt() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...Int.max)) { seed in
            Self.checkExplanations(RandomProblem.make(seed: UInt64(seed)), seed: seed)
        }
    }

    /// The same under a minimum share of regional pairs, which the search keeps exactly: set in every problem,
    /// so that it binds, makes the problem impossible or changes an explanation in a good part of them.
    @Test func aMinimumRegionalShareIsKeptAtTheBestTotal() async {
        await propertyCheck(count: 600, input: Gen.int(in: 0...Int.max)) { seed in
            let problem = RandomProblem.make(seed: UInt64(seed), regionalShare: [25, 34, 50, 60, 67, 75, 100][seed % 7])
            Self.checkBestTotal(problem, seed: seed)
            Self.checkExplanations(problem, seed: seed)
        }
    }

    static func checkBestTotal(_ problem: MatchingProblem, seed: Int) {
        let proposal = Matcher.solve(problem)
        let expected = BruteForce.bestTotal(problem)
        #expect(proposal.isFeasible == (expected != nil), "seed \(seed): \(proposal.conflicts)")
        if let expected, proposal.isFeasible {
            #expect(proposal.total == expected, "seed \(seed)")
            #expect(RuleCheck.breaches(proposal, problem).isEmpty, "seed \(seed): \(RuleCheck.breaches(proposal, problem))")
        }
    }

    static func checkExplanations(_ problem: MatchingProblem, seed: Int) {
        let proposal = Matcher.solve(problem)
        guard proposal.isFeasible else { return }
        let matched = Set(proposal.pairs.map(\.pair.mentee))
        let explained = proposal.exclusions.filter { $0.side == .mentee }.map(\.id)
        #expect(Set(explained) == Set(problem.mentees.map(\.id)).subtracting(matched), "seed \(seed)")
        for exclusion in proposal.exclusions where exclusion.side == .mentee {
            var forced = problem
            switch exclusion.reason {
            case .outscored(let alternative):
                forced.locks.append(MatchingPair(mentee: exclusion.id, mentor: alternative.mentor))
                let best = BruteForce.bestTotal(forced)
                if alternative.breaksMinimum {
                    #expect(best == nil || best! < proposal.total, "seed \(seed)")
                } else {
                    #expect(best == proposal.total - alternative.totalDrop, "seed \(seed): \(exclusion)")
                    // No other mentor does better for this mentee.
                    for mentor in problem.mentors.map(\.id) where mentor != alternative.mentor {
                        var other = problem
                        other.locks.append(MatchingPair(mentee: exclusion.id, mentor: mentor))
                        #expect((BruteForce.bestTotal(other) ?? Int.min) <= best!, "seed \(seed): \(exclusion) with \(mentor)")
                    }
                }
            case .heldOutBy:
                for mentor in problem.mentors.map(\.id) {
                    var one = problem
                    one.locks.append(MatchingPair(mentee: exclusion.id, mentor: mentor))
                    #expect(BruteForce.bestTotal(one) == nil, "seed \(seed): \(exclusion) with \(mentor)")
                }
            case .ineligible, .noCompatiblePartner:
                for mentor in problem.mentors.map(\.id) {
                    forced.locks = problem.locks + [MatchingPair(mentee: exclusion.id, mentor: mentor)]
                    #expect(BruteForce.bestTotal(forced) == nil, "seed \(seed): \(exclusion)")
                }
            case .notNeeded:
                Issue.record("a mentee is never 'not needed'")
            }
        }
    }

    @Test func assignmentMatchesBruteForce() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var random = SplitMix(seed: UInt64(seed))
            let rows = Int.random(in: 1...7, using: &random), columns = Int.random(in: 1...7, using: &random)
            let range = [3, 100, 1_000_000][Int.random(in: 0...2, using: &random)]
            let matrix = (0..<rows).map { _ in (0..<columns).map { _ in Int.random(in: -range...range, using: &random) } }
            let solution = Assignment.solve(scores: matrix.flatMap { $0 }, rows: rows, columns: columns)
            #expect(solution.total == BruteForce.bestAssignment(scores: matrix), "seed \(seed)")
            let chosen = solution.columnForRow.compactMap { $0 }
            #expect(chosen.count == min(rows, columns) && Set(chosen).count == chosen.count, "seed \(seed)")
        }
    }

    @Test func bMatchingMatchesBruteForce() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...Int.max)) { seed in
            var random = SplitMix(seed: UInt64(seed))
            let left = (0..<Int.random(in: 1...7, using: &random)).map { _ in Int.random(in: 0...3, using: &random) }
            let right = (0..<Int.random(in: 1...7, using: &random)).map { _ in Int.random(in: 0...3, using: &random) }
            var pairs = Set<[Int]>()
            let edges = (0..<Int.random(in: 0...14, using: &random)).compactMap { _ -> BMatching.Edge? in
                let pair = [Int.random(in: 0..<left.count, using: &random), Int.random(in: 0..<right.count, using: &random)]
                guard pairs.insert(pair).inserted else { return nil }
                return BMatching.Edge(left: pair[0], right: pair[1], score: Int.random(in: -5...50, using: &random))
            }
            let solution = BMatching.solve(leftCapacity: left, rightCapacity: right, edges: edges)
            #expect(solution.total == BruteForce.bestBMatching(leftCapacity: left, rightCapacity: right, edges: edges), "seed \(seed)")
            #expect(solution.total == solution.chosen.reduce(0) { $0 + edges[$1].score })
            for (vertex, capacity) in left.enumerated() {
                #expect(solution.chosen.filter { edges[$0].left == vertex }.count <= capacity)
            }
            for (vertex, capacity) in right.enumerated() {
                #expect(solution.chosen.filter { edges[$0].right == vertex }.count <= capacity)
            }
        }
    }
}

/// Random small policy problems: every rule the matcher knows shows up in some of them.
enum RandomProblem {
    /// `regionalShare` sets a minimum share of regional pairs; without it a third of the problems get one.
    static func make(seed: UInt64, regionalShare: Int? = nil) -> MatchingProblem {
        var random = SplitMix(seed: seed)
        let states = (0..<10).map { "S\($0)" }
        let groups = ["A", "B", "C"], languages = ["en", "fr", "es"], areas = ["p", "q", "r", "s"]
        func candidate(_ id: String) -> MatchingCandidate {
            let spoken = languages.filter { _ in Bool.random(using: &random) }
            return MatchingCandidate(
                id: id, group: groups.randomElement(using: &random)!, subregion: ["x", "y"].randomElement(using: &random)!,
                languages: spoken.isEmpty ? [languages.randomElement(using: &random)!] : spoken,
                areas: Dictionary(uniqueKeysWithValues: areas.filter { _ in Bool.random(using: &random) }.map { ($0, Int.random(in: 1...3, using: &random)) }),
                preferred: states.filter { _ in Int.random(in: 0..<8, using: &random) == 0 },
                capacity: Int.random(in: 1...3, using: &random), pastMentorships: Int.random(in: 0...1, using: &random),
                ineligibility: Int.random(in: 0..<10, using: &random) == 0 ? "late" : nil)
        }
        let mentees = states.shuffled(using: &random).prefix(Int.random(in: 1...7, using: &random)).map(candidate)
        let mentors = states.shuffled(using: &random).prefix(Int.random(in: 1...7, using: &random)).map(candidate)
        func somePair() -> MatchingPair {
            MatchingPair(mentee: mentees.randomElement(using: &random)!.id, mentor: mentors.randomElement(using: &random)!.id)
        }
        let forbids = Array(Set((0..<Int.random(in: 0...3, using: &random)).map { _ in somePair() }))
        var quotas: [String: GroupQuota] = [:]
        for group in groups where Int.random(in: 0..<3, using: &random) == 0 {
            let minimum = [0, 0, 1, 1, 2].randomElement(using: &random)!
            quotas[group] = GroupQuota(minimum: minimum, maximum: Bool.random(using: &random) ? minimum + Int.random(in: 0...2, using: &random) : nil)
        }
        let weights = Bool.random(using: &random) ? ScoreWeights.standard
            : ScoreWeights(Dictionary(uniqueKeysWithValues: ScoreComponent.allCases.map { ($0, Int.random(in: 0...30, using: &random)) }))
        var problem = MatchingProblem(
            mentees: Array(mentees), mentors: Array(mentors),
            formerPartnerships: (0..<Int.random(in: 0...2, using: &random)).map { _ in somePair() },
            weights: weights,
            rules: MatchingRules(sharedLanguageRequired: Int.random(in: 0..<5, using: &random) > 0,
                                 languageWaivers: (0..<Int.random(in: 0...2, using: &random)).map { _ in somePair() },
                                 budget: Bool.random(using: &random) ? Int.random(in: 0...5, using: &random) : nil,
                                 groupQuotas: quotas,
                                 minimumRegionalShare: regionalShare ?? (Int.random(in: 0..<3, using: &random) == 0
                                    ? [25, 50, 60, 75, 100].randomElement(using: &random)! : nil)),
            forbids: forbids)
        // Most locks are pairs the rules allow, as the Secretariat's would be; a few are not.
        let table = Matcher(problem).scoreTable()
        let allowed = problem.mentees.indices.flatMap { m in
            problem.mentors.indices.compactMap { t in table[m][t] == nil ? nil : MatchingPair(mentee: mentees[m].id, mentor: mentors[t].id) }
        }
        let locks = (0..<Int.random(in: 0...2, using: &random)).map { _ in
            Int.random(in: 0..<8, using: &random) > 0 ? allowed.randomElement(using: &random) ?? somePair() : somePair()
        }
        problem.locks = Array(Set(locks).subtracting(forbids))
        return problem
    }
}

/// Independent checks that a proposal keeps the problem's rules.
enum RuleCheck {
    static func breaches(_ proposal: MatchingProposal, _ problem: MatchingProblem) -> [String] {
        var breaches: [String] = []
        let matcher = Matcher(problem)
        let pairs = proposal.pairs.map(\.pair)
        if Set(pairs.map(\.mentee)).count != pairs.count { breaches.append("a mentee has two mentors") }
        for mentor in problem.mentors where pairs.filter({ $0.mentor == mentor.id }).count > mentor.capacity {
            breaches.append("\(mentor.id) over capacity")
        }
        if let budget = problem.rules.budget, pairs.count > budget { breaches.append("over budget") }
        for (group, quota) in problem.rules.groupQuotas {
            let count = pairs.filter { pair in problem.mentees.first { $0.id == pair.mentee }!.group == group }.count
            if count < quota.minimum || (quota.maximum.map { count > $0 } ?? false) { breaches.append("quota \(group)") }
        }
        for lock in problem.locks where !pairs.contains(lock) { breaches.append("lock \(lock) missing") }
        let regional = pairs.filter { pair in
            problem.mentees.first { $0.id == pair.mentee }!.group == problem.mentors.first { $0.id == pair.mentor }!.group
        }.count
        if let share = problem.rules.minimumRegionalShare, 100 * regional < share * pairs.count { breaches.append("regional share") }
        for pair in pairs {
            let m = problem.mentees.firstIndex { $0.id == pair.mentee }!, t = problem.mentors.firstIndex { $0.id == pair.mentor }!
            if let refusal = matcher.refusal(mentee: m, mentor: t) { breaches.append("\(pair) refused: \(refusal)") }
        }
        if proposal.total != proposal.pairs.reduce(0, { $0 + $1.score.total }) { breaches.append("total is not the sum") }
        return breaches
    }
}
