/// The best proposal under a minimum regional share, found exactly.
///
/// A share weighs pairs of one kind against all pairs, which no flow network can hold, so the search fixes
/// the number of pairs first: of n pairs, at least ⌈percent × n ÷ 100⌉ must be regional, a plain count.
///
/// For one number of pairs, Lagrangian relaxation adds a price to every regional pair and moves it to where
/// the best flow is worth least: that worth bounds every proposal with enough regional pairs, and a proposal
/// found on the way nearly always meets it. When none does, one pair is fixed, forbidden in one branch and
/// locked in the other, and each branch is bounded again.
///
/// The numbers of pairs are bounded all at once, from one flow at each price learnt so far (the cheapest
/// cost of every amount of flow gives the best total of every number of pairs), and tried from the highest
/// bound down, each price tightening the bounds of those left. Nothing is dropped unless its bound cannot
/// beat a proposal already found, so the answer is the best there is.
struct RegionalShareSearch {
    typealias Pair = (mentee: Int, mentor: Int)

    let problem: MatchingProblem
    let table: [[PairScore?]]
    let share: RegionalShare
    /// The problem's own locks, already checked.
    let locks: [Pair]
    private let regional: [[Bool]]
    /// More than any proposal's total: at this price one more regional pair outweighs every score.
    private let sharePrice: Int

    init(problem: MatchingProblem, table: [[PairScore?]], share: RegionalShare, locks: [Pair]) {
        self.problem = problem
        self.table = table
        self.share = share
        self.locks = locks
        regional = problem.mentees.map { mentee in problem.mentors.map { mentee.group == $0.group } }
        sharePrice = 1 + table.reduce(0) { sum, row in sum + (row.compactMap { $0?.total }.max() ?? 0) }
    }

    /// A choice of pairs, the locks among them, with its total score and how many of its pairs are regional.
    struct Proposal {
        let pairs: [Pair]
        let total: Int
        let regional: Int
    }

    /// A price on regional pairs, `points ÷ scale` points each, kept as two whole numbers.
    struct Price: Equatable {
        let points: Int
        let scale: Int
    }

    /// The best proposal, and the prices at which its search closed the gaps, which bound similar searches.
    struct Outcome {
        let proposal: Proposal?
        let prices: [Price]
    }

    /// A part of the search: the number of pairs and how many must be regional, the mentee that must be
    /// matched if one must, and the pairs it locks and forbids besides the problem's own.
    private struct Branch {
        let pairCount: Int
        let regionalNeeded: Int
        let required: Int?
        var locks: [Pair] = []
        var forbidden: Set<Int> = []
    }

    private enum Relaxation {
        /// No proposal in the branch keeps every rule.
        case infeasible
        /// The branch's best proposal, proved, and the price that proved it when one was needed.
        case solved(Proposal, Price?)
        /// The most any proposal in the branch could total, the best one found, a pair to fix next, and the
        /// price that gave the bound.
        case open(bound: Int, found: Proposal, split: Pair, Price)
    }

    // MARK: Asking

    /// The best proposal that keeps every rule, with mentee `required` matched when given, and totalling
    /// more than `bar` when given (none when nothing does). `prices` from similar searches tighten the
    /// bounds from the start.
    func best(matching required: Int? = nil, beating bar: Int? = nil, prices hints: [Price] = []) -> Outcome {
        var bounds = countBounds(required: required, price: Price(points: 0, scale: 1))
        for hint in hints { tighten(&bounds, required: required, price: hint) }
        var start = hints.last
        var best: Proposal?
        var bar = bar ?? Int.min
        var learnt: [Price] = []
        while let (count, bound) = bounds.max(by: { ($0.value, $0.key) < ($1.value, $1.key) }), bound > bar {
            bounds[count] = nil
            let branch = Branch(pairCount: count, regionalNeeded: share.regionalNeeded(pairs: count), required: required)
            let result = search(branch, beating: bar, from: start)
            if let found = result.best {
                best = found
                bar = found.total
            }
            if let price = result.price, !learnt.contains(price), !hints.contains(price) {
                learnt.append(price)
                start = price
                tighten(&bounds, required: required, price: price)
            }
        }
        return Outcome(proposal: best, prices: hints + learnt)
    }

    /// When no proposal keeps the share: the one with the largest share of regional pairs, for saying how far
    /// the rules fall short.
    func closest() -> Proposal? {
        countBounds(required: nil, price: Price(points: 0, scale: 1)).keys.sorted().compactMap { count in
            flow(Branch(pairCount: count, regionalNeeded: 0, required: nil), scale: 1, price: sharePrice)
        }.max { $0.regional * $1.pairs.count < $1.regional * $0.pairs.count }
    }

    // MARK: Bounding the numbers of pairs

    /// For each number of pairs a proposal might have, the most it could total with enough regional pairs,
    /// from one flow in which each regional pair earns `price`: a proposal's total is at most its worth at
    /// that price less what the regional pairs it needs earn.
    private func countBounds(required: Int?, price: Price) -> [Int: Int] {
        let eligible = problem.mentees.indices.filter { problem.mentees[$0].ineligibility == nil }.count
        let most = min(problem.rules.budget ?? eligible, eligible)
        let worth = table.indices.map { m in table[m].indices.map { t in value(m, t, scale: price.scale, price: price.points) } }
        var model = FlowModel(problem: problem, worth: worth, locks: locks, required: required)
        guard model.limitConflicts().isEmpty else { return [:] }
        let locked = locks.reduce(0) { $0 + value($1.mentee, $1.mentor, scale: price.scale, price: price.points)! }
        var bounds: [Int: Int] = [:]
        for case let (count, worth?) in model.bestWorthByCount(upTo: most) {
            bounds[count] = floorDivision(locked + worth - price.points * share.regionalNeeded(pairs: count), price.scale)
        }
        return bounds
    }

    private func tighten(_ bounds: inout [Int: Int], required: Int?, price: Price) {
        let priced = countBounds(required: required, price: price)
        bounds = bounds.reduce(into: [:]) { tightened, entry in
            if let bound = priced[entry.key] { tightened[entry.key] = min(entry.value, bound) }
        }
    }

    // MARK: Searching one number of pairs

    /// Branch and bound, depth first: the best proposal beating `bar`, and the price that closed the root.
    /// Each branch starts its prices from its parent's, the root from `start`.
    private func search(_ root: Branch, beating bar: Int, from start: Price?) -> (best: Proposal?, price: Price?) {
        var best: Proposal?
        var bar = bar
        var rootPrice: Price?
        var open = [(root, start)]
        while let (branch, start) = open.popLast() {
            let isRoot = branch.locks.isEmpty && branch.forbidden.isEmpty
            switch relax(branch, from: start) {
            case .infeasible:
                continue
            case .solved(let proposal, let price):
                if isRoot { rootPrice = price }
                if proposal.total > bar { best = proposal; bar = proposal.total }
            case .open(let bound, let found, let pair, let price):
                if isRoot { rootPrice = price }
                if found.total > bar { best = found; bar = found.total }
                guard bound > bar else { continue }
                var without = branch, with = branch
                without.forbidden.insert(key(pair))
                with.locks.append(pair)
                open.append((without, price))
                open.append((with, price))
            }
        }
        return (best, rootPrice)
    }

    /// Bounds a branch, trying `start` first when given: a price near the one sought saves steps.
    private func relax(_ branch: Branch, from start: Price?) -> Relaxation {
        let needed = branch.regionalNeeded
        guard let free = flow(branch, scale: 1, price: 0) else { return .infeasible }
        if free.regional >= needed { return .solved(free, nil) }
        var below = free
        var guess = start.flatMap { flow(branch, scale: $0.scale, price: $0.points) }
        if let near = guess, near.regional < needed {
            below = near
            guess = nil
        }
        guard var above = guess ?? flow(branch, scale: 1, price: sharePrice), above.regional >= needed else { return .infeasible }
        if above.total >= free.total { return .solved(above, nil) }
        var found = above
        while true {
            // The price at which `below` and `above` are worth the same, in lowest terms.
            var scale = above.regional - below.regional, points = below.total - above.total
            let divisor = greatestCommonDivisor(scale, points)
            scale /= divisor
            points /= divisor
            guard let next = flow(branch, scale: scale, price: points) else { return .infeasible }
            let meeting = scale * below.total + points * (below.regional - needed)
            if scale * next.total + points * (next.regional - needed) <= meeting {
                let bound = meeting / scale, price = Price(points: points, scale: scale)
                if bound <= found.total { return .solved(found, price) }
                return .open(bound: bound, found: found, split: split(below, above), price)
            }
            if next.regional >= needed {
                above = next
                if next.total > found.total { found = next }
            } else {
                below = next
            }
        }
    }

    /// The best flow of the branch when each pair is worth `scale` × its score, plus `price` if it is
    /// regional; nil when the branch cannot keep a limit, a minimum, its number of pairs or its mentee.
    private func flow(_ branch: Branch, scale: Int, price: Int) -> Proposal? {
        let worth = table.indices.map { m in
            table[m].indices.map { t in branch.forbidden.contains(key((m, t))) ? nil : value(m, t, scale: scale, price: price) }
        }
        let fixed = locks + branch.locks
        var model = FlowModel(problem: problem, worth: worth, locks: fixed, required: branch.required, pairCount: branch.pairCount)
        guard model.limitConflicts().isEmpty else { return nil }
        model.solve()
        guard model.unmetMinimums() == nil, model.demandsMet else { return nil }
        let pairs = fixed + model.chosenPairs()
        return Proposal(pairs: pairs, total: pairs.reduce(0) { $0 + table[$1.mentee][$1.mentor]!.total },
                        regional: pairs.filter { regional[$0.mentee][$0.mentor] }.count)
    }

    private func value(_ m: Int, _ t: Int, scale: Int, price: Int) -> Int? {
        table[m][t].map { scale * $0.total + (regional[m][t] ? price : 0) }
    }

    /// A pair in one of the two proposals but not the other, the best-scoring: fixing it either way parts them.
    private func split(_ below: Proposal, _ above: Proposal) -> Pair {
        let inAbove = Set(above.pairs.map(key)), inBelow = Set(below.pairs.map(key))
        let differing = below.pairs.filter { !inAbove.contains(key($0)) } + above.pairs.filter { !inBelow.contains(key($0)) }
        return differing.max { table[$0.mentee][$0.mentor]!.total < table[$1.mentee][$1.mentor]!.total }!
    }

    private func key(_ pair: Pair) -> Int { pair.mentee * problem.mentors.count + pair.mentor }

    private func floorDivision(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    private func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (abs(a), abs(b))
        while b != 0 { (a, b) = (b, a % b) }
        return max(a, 1)
    }
}
