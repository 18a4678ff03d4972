import Fluent
import Foundation
import TandemCore

/// Every budget beside the costs it pays for: one line per call and year (the call's own years, and any other
/// year one of its visits falls in), and a line per year for visits of partnerships made outside any call.
struct BudgetLedger {
    struct Line {
        let callID: UUID?
        let call: Call?
        let year: Int
        let budget: ProgrammeBudgetModel?
        let position: BudgetPosition
    }

    /// One recorded cost with what places it: the visit, its partnership, the call.
    struct Cost {
        let line: CostLine
        let cost: VisitCostModel
        let visit: VisitModel
        let partnership: PartnershipModel
    }

    let lines: [Line]
    let costs: [Cost]

    static func load(on db: any Database, calls: [UUID: Call]) async throws -> BudgetLedger {
        let rows = try await VisitCostModel.query(on: db)
            .join(VisitModel.self, on: \VisitCostModel.$visit.$id == \VisitModel.$id)
            .join(PartnershipModel.self, on: \VisitModel.$partnership.$id == \PartnershipModel.$id)
            .all()
        let costs = try rows.map { row in
            Cost(line: try row.line, cost: row, visit: try row.joined(VisitModel.self), partnership: try row.joined(PartnershipModel.self))
        }.sorted { ($0.partnership.code, $0.visit.position, $0.cost.delegate, $0.cost.item) < ($1.partnership.code, $1.visit.position, $1.cost.delegate, $1.cost.item) }
        let budgets = try await ProgrammeBudgetModel.query(on: db).all()
        // Who is still a sponsored official of each visit: only their planned costs are still to be paid.
        let sponsored = Set(try await DelegateModel.query(on: db).filter(\.$visit.$id ~~ Set(costs.map { try $0.visit.requireID() }))
            .filter(\.$sponsored == true).all().map { "\($0.$visit.id)\u{0}\($0.name)" })

        struct Key: Hashable { let call: UUID?; let year: Int }
        var keys = Set(budgets.map { Key(call: $0.$call.id, year: $0.year) })
        for (id, call) in calls { for year in call.years { keys.insert(Key(call: id, year: year)) } }
        var byKey: [Key: [(status: VisitStatus, line: CostLine, sponsored: Bool)]] = [:]
        for cost in costs {
            let key = Key(call: cost.partnership.$call.id, year: cost.visit.year)
            keys.insert(key)
            byKey[key, default: []].append((try cost.visit.visitStatus, cost.line, sponsored.contains("\(try cost.visit.requireID())\u{0}\(cost.line.delegate)")))
        }
        let lines = keys.map { key in
            let budget = budgets.first { $0.$call.id == key.call && $0.year == key.year }
            return Line(callID: key.call, call: key.call.flatMap { calls[$0] }, year: key.year, budget: budget,
                        position: BudgetPosition.of(budget: budget?.amount, costs: byKey[key] ?? []))
        }
        // Newest call first, its years in order; visits outside any call last.
        return BudgetLedger(lines: lines.sorted { a, b in
            switch (a.call, b.call) {
            case let (x?, y?) where x.slug != y.slug: x.opens != y.opens ? x.opens > y.opens : x.slug < y.slug
            case (nil, _?): false
            case (_?, nil): true
            default: a.year < b.year
            }
        }, costs: costs)
    }

    /// All the budgets of `year` taken together, against the costs of the calls' visits: those of partnerships
    /// outside any call have no budget to be counted against (`outsideCalls`).
    func position(in year: Int) -> BudgetPosition {
        let year = lines.filter { $0.year == year && $0.callID != nil }
        let budgets = year.compactMap(\.position.budget)
        return BudgetPosition(budget: budgets.isEmpty ? nil : budgets.reduce(.zero, +),
                              committed: year.map(\.position.committed).reduce(.zero, +), spent: year.map(\.position.spent).reduce(.zero, +))
    }

    /// What the visits of partnerships outside any call cost in `year`, nil when nothing.
    func outsideCalls(in year: Int) -> BudgetPosition? {
        lines.first { $0.year == year && $0.callID == nil && ($0.position.committed != .zero || $0.position.spent != .zero) }?.position
    }
}
