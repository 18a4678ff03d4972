import Fluent
import Foundation
import TandemCore

/// What the Secretariat sets aside for one call's visits in one year.
final class ProgrammeBudgetModel: Model, @unchecked Sendable {
    static let schema = "programme_budgets"

    @ID(key: .id) var id: UUID?
    /// Raised by every change (see `Database.claim`).
    @Field(key: "version") var version: Int
    @Parent(key: "call_id") var call: CallModel
    @Field(key: "year") var year: Int
    @Field(key: "amount_cents") var amountCents: Int64
    /// Where the figure comes from (a budget line, a decision), in the Secretariat's words.
    @Field(key: "note") var note: String
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $version, $call, $year, $amountCents, $note, $updatedBy, $updatedAt] }

    init() {}

    init(callID: UUID, year: Int, amount: Money, note: String, by actor: String, at moment: Date) {
        version = 0
        self.$call.id = callID
        self.year = year
        amountCents = amount.cents
        self.note = note
        updatedBy = actor
        updatedAt = moment
    }

    var amount: Money { Money(cents: amountCents) }
}
