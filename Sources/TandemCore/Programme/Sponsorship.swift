/// An amount in the programme's currency, kept in cents so that sums are exact.
public struct Money: Comparable, Hashable, Codable, Sendable {
    /// The Secretariat budgets and pays the programme in euros.
    public static let currency = "EUR"
    public static let zero = Money(cents: 0)

    public let cents: Int64

    public init(cents: Int64) { self.cents = cents }

    public static func < (a: Money, b: Money) -> Bool { a.cents < b.cents }
    public static func + (a: Money, b: Money) -> Money { Money(cents: a.cents + b.cents) }
    public static func - (a: Money, b: Money) -> Money { Money(cents: a.cents - b.cents) }

    /// Whole euros, rounded down: what a chart draws.
    public var euros: Int { Int(cents / 100) }

    /// `1234.50`: how files and the API write an amount, whatever the reader's language.
    public var plain: String {
        let sign = cents < 0 ? "-" : "", magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// An amount as a person types it in any of the programme's languages: `1234.5`, `1 234,50`, `1,234.50`,
    /// `1.234,50`, `€ 300`, `300 EUR`. A separator followed by one or two digits marks the cents; one followed by
    /// three marks thousands. Nil for anything else, a negative amount, or more than a trillion.
    public static func parse(_ text: String) -> Money? {
        var body = text.uppercased()
        for mark in ["EUR", "€"] { body = body.replacingOccurrences(of: mark, with: "") }
        body = String(body.filter { !$0.isWhitespace && $0 != "'" && $0 != "\u{2019}" })
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }) else { return nil }
        let separators = body.filter { !$0.isNumber }
        var decimal: Character?
        if let last = separators.last {
            let afterLast = body.count - 1 - (body.lastIndex(of: last).map { body.distance(from: body.startIndex, to: $0) } ?? 0)
            if Set(separators).count == 2 {
                decimal = last
            } else if separators.count == 1, afterLast == 1 || afterLast == 2 {
                decimal = last
            }
        }
        let parts = decimal.map { mark in body.split(separator: mark, omittingEmptySubsequences: false) } ?? [Substring(body)]
        guard parts.count <= 2 else { return nil }
        let whole = parts[0], fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 2, fraction.allSatisfy(\.isNumber), parts.count == 1 || !fraction.isEmpty else { return nil }
        // What is left of the separators groups thousands: 1 to 3 digits, then groups of exactly 3.
        let groups = whole.split(omittingEmptySubsequences: false) { $0 == "." || $0 == "," }
        guard let first = groups.first, (1...3).contains(first.count) || groups.count == 1,
              groups.dropFirst().allSatisfy({ $0.count == 3 }) else { return nil }
        let digits = groups.joined()
        guard !digits.isEmpty, digits.count <= 12, let units = Int64(digits) else { return nil }
        let cents = fraction.isEmpty ? 0 : Int64(fraction.count == 1 ? fraction + "0" : String(fraction))!
        return Money(cents: units * 100 + cents)
    }
}

/// What the programme pays for each sponsored official of a visiting delegation (S/2368/2025, paragraph 6).
public enum CostItem: String, CaseIterable, Codable, Sendable {
    case travel
    case meals
    case medicalInsurance = "medical_insurance"
}

/// One item paid for one sponsored official of a visit: what was planned, and what was paid once it is known.
public struct CostLine: Equatable, Codable, Sendable {
    /// The official's name as the delegation gives it when the cost is recorded.
    public var delegate: String
    public var item: CostItem
    public var planned: Money?
    public var actual: Money?

    public init(delegate: String, item: CostItem, planned: Money? = nil, actual: Money? = nil) {
        self.delegate = delegate
        self.item = item
        self.planned = planned
        self.actual = actual
    }

    public var isEmpty: Bool { planned == nil && actual == nil }
}

/// The rules for recording a visit's sponsorship costs.
public enum SponsorshipCosts {
    /// Far beyond any ticket, meal allowance or insurance: a typing slip, not a cost.
    public static let largestLine = Money(cents: 100_000_00)

    /// A problem with one line, on one of its amounts (`planned`, `actual`) or on the line itself (`delegate`).
    public struct Problem: Equatable, Sendable {
        public let line: Int
        public let field: String
        public let key: String
    }

    /// Every problem at once. Costs are recorded for the sponsored officials of the delegation, and kept for those
    /// already recorded who have since left it (`recorded`: what was paid stays paid). What was paid is known only
    /// once the Secretariat confirmed the visit (it buys the tickets then), and a third official's costs are paid
    /// only once the Secretariat approved the exception.
    public static func problems(_ lines: [CostLine], delegates: [Delegate], recorded: Set<String>, status: VisitStatus) -> [Problem] {
        var problems: [Problem] = [], seen: Set<String> = []
        let paysActual = status == .confirmed || status == .completed || status == .cancelled
        for (index, line) in lines.enumerated() {
            let delegate = delegates.first { $0.name == line.delegate && $0.sponsored }
            if !seen.insert(line.delegate + "\u{0}" + line.item.rawValue).inserted {
                problems.append(Problem(line: index, field: "delegate", key: "cost_twice"))
                continue
            }
            if delegate == nil && !recorded.contains(line.delegate) {
                problems.append(Problem(line: index, field: "delegate", key: "cost_not_sponsored"))
                continue
            }
            for (field, amount) in [("planned", line.planned), ("actual", line.actual)] where (amount ?? .zero) > largestLine {
                problems.append(Problem(line: index, field: field, key: "cost_too_large"))
            }
            guard line.actual != nil else { continue }
            if !paysActual {
                problems.append(Problem(line: index, field: "actual", key: "cost_actual_before_confirmation"))
            } else if let delegate, delegate.exceptional, !delegate.exceptionApproved {
                problems.append(Problem(line: index, field: "actual", key: "cost_exception_not_approved"))
            }
        }
        return problems
    }
}

/// Where a budget stands: what it holds, what is committed to visits still to be paid, and what was paid.
public struct BudgetPosition: Equatable, Sendable {
    /// Nil until the Secretariat sets one.
    public var budget: Money?
    /// Planned costs of visits proposed, confirmed or made whose payment is not recorded yet.
    public var committed: Money
    public var spent: Money

    public init(budget: Money?, committed: Money = .zero, spent: Money = .zero) {
        self.budget = budget
        self.committed = committed
        self.spent = spent
    }

    /// What is left once everything committed is paid; negative when the budget is overcommitted.
    public var remaining: Money? { budget.map { $0 - committed - spent } }
    public var isOvercommitted: Bool { (remaining ?? .zero) < .zero }

    /// The position of `budget` given the costs of the visits it pays for. A cost counts as spent once its actual
    /// amount is recorded; until then its planned amount is committed, unless the visit was cancelled (a
    /// cancelled visit costs only what was already paid, such as a ticket that could not be refunded) or the
    /// official is no longer a sponsored member of the delegation (`sponsored`: nothing more will be paid for them).
    public static func of(budget: Money?, costs: [(status: VisitStatus, line: CostLine, sponsored: Bool)]) -> BudgetPosition {
        var position = BudgetPosition(budget: budget)
        for (status, line, sponsored) in costs {
            if let actual = line.actual {
                position.spent = position.spent + actual
            } else if let planned = line.planned, sponsored, status == .proposed || status == .confirmed || status == .completed {
                position.committed = position.committed + planned
            }
        }
        return position
    }
}
