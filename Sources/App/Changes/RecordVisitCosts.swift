import Fluent
import Foundation
import TandemCore
import Vapor

/// The Secretariat records what a visit costs the programme: the whole sheet of lines is replaced, only if no one
/// saved it since the form was drawn (the visit's `costs_version`). The unique index on (visit, official, item)
/// is the backstop. The partnership's revision moves, so the dashboard's figures follow; the timeline says the
/// costs were recorded (the partners see that the sponsorship is being arranged, not the amounts).
struct RecordVisitCosts {
    let record: PartnershipRecord
    let visit: VisitModel
    /// The visit's place among those that stand, as its page names it.
    let number: Int
    /// The `costs_version` the form was drawn from.
    let version: Int
    let lines: [CostLine]

    func run(on req: Request) async throws {
        let visitID = try visit.requireID(), actor = req.currentUser?.email ?? "", now = req.application.clock.now()
        try await req.db.writeTransaction { db in
            visit.costsVersion = try await db.claim(VisitModel.schema, id: visitID, version: version, entity: "visit_costs",
                                                    versionColumn: "costs_version")
            let before = try await VisitCostModel.query(on: db).filter(\.$visit.$id == visitID).all()
            let kept = Self.merging(lines, into: try before.map { try $0.line })
            try await VisitCostModel.query(on: db).filter(\.$visit.$id == visitID).delete()
            do {
                for line in kept { try await VisitCostModel(line, visitID: visitID, by: actor, at: now).create(on: db) }
            } catch where error.isConstraintViolation {
                throw ChangeConflict(entity: "visit_costs")
            }
            try await DataVersion.bump(partnership: try record.model.requireID(), on: db)
            try await Timeline.record("visit_costs_recorded", ["number": String(number)], partnership: record.model, actor: actor, at: now, on: db)
            try await req.audit("record_costs", entity: "visit", key: "\(record.code)#\(number)",
                                before: try before.map { try Self.summary($0.line) }, after: kept.map(Self.summary), on: db)
        }
    }

    /// The sheet after a save: the lines sent, and the recorded ones the form did not send, kept as they were (what
    /// was paid stays paid unless its figure is cleared). Emptied lines are dropped.
    static func merging(_ sent: [CostLine], into recorded: [CostLine]) -> [CostLine] {
        let untouched = recorded.filter { line in !sent.contains { $0.delegate == line.delegate && $0.item == line.item } }
        return (sent + untouched).filter { !$0.isEmpty }
    }

    private static func summary(_ line: CostLine) -> [String: String] {
        ["delegate": line.delegate, "item": line.item.rawValue, "planned": line.planned?.plain ?? "", "actual": line.actual?.plain ?? ""]
    }
}
