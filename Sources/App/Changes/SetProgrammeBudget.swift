import Fluent
import Foundation
import TandemCore
import Vapor

/// The Secretariat sets what one call's visits may cost in one year. A first budget for the call and year is
/// created (two created at once: the unique index on (call, year) lets one through, the other is told); a budget
/// that exists is changed only if it is still the version the form was drawn from.
struct SetProgrammeBudget {
    let callID: UUID
    let callSlug: String
    let year: Int
    let amount: Money
    let note: String
    /// The version the form was drawn from; nil when the form drew no budget yet.
    let version: Int?

    func run(on req: Request) async throws {
        let actor = req.currentUser?.email ?? "", now = req.application.clock.now()
        try await req.db.writeTransaction { db in
            let existing = try await ProgrammeBudgetModel.query(on: db).filter(\.$call.$id == callID).filter(\.$year == year).first()
            let before = existing.map { ["amount": $0.amount.plain, "note": $0.note] }
            let budget: ProgrammeBudgetModel
            if let existing {
                guard let version else { throw ChangeConflict(entity: "budget") }
                existing.version = try await db.claim(ProgrammeBudgetModel.schema, id: try existing.requireID(), version: version, entity: "budget")
                existing.amountCents = amount.cents
                existing.note = note
                existing.updatedBy = actor
                existing.updatedAt = now
                budget = existing
            } else {
                guard version == nil else { throw ChangeConflict(entity: "budget") }
                budget = ProgrammeBudgetModel(callID: callID, year: year, amount: amount, note: note, by: actor, at: now)
            }
            do {
                try await budget.save(on: db)
            } catch where error.isConstraintViolation {
                throw ChangeConflict(entity: "budget")
            }
            try await req.audit(existing == nil ? "create" : "update", entity: "budget", key: "\(callSlug) \(year)", before: before,
                                after: ["amount": amount.plain, "note": note], on: db)
        }
    }
}
