import Fluent

/// What planning a visit records: when the Secretariat was told, the itinerary, who proposed and confirmed
/// it, and the reasons for an override or a cancellation. Visits of the programme's history have none.
struct AddVisitPlanning: AsyncMigration {
    static let fields: [(name: FieldKey, type: DatabaseSchema.DataType)] = [
        ("notified_on", .string), ("agenda", .string), ("override_reason", .string), ("cancel_reason", .string),
        ("proposed_by", .string), ("confirmed_by", .string), ("confirmed_at", .datetime),
    ]

    func prepare(on database: any Database) async throws {
        for field in Self.fields {
            try await database.schema(VisitModel.schema).field(field.name, field.type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for field in Self.fields.reversed() {
            try await database.schema(VisitModel.schema).deleteField(field.name).update()
        }
    }
}
