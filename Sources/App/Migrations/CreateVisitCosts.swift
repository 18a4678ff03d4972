import Fluent

/// What the programme pays for each sponsored official of a visit, item by item (travel, meals, medical
/// insurance): planned, then paid. One line per official and item, which the database keeps so; the visit's
/// `costs_version` guards the Secretariat's form against a save made meanwhile.
struct CreateVisitCosts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VisitCostModel.schema)
            .id()
            .field("visit_id", .uuid, .required, .references(VisitModel.schema, "id", onDelete: .cascade))
            .field("delegate", .string, .required)
            .field("item", .string, .required)
            .field("planned_cents", .int64)
            .field("actual_cents", .int64)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "visit_id", "delegate", "item")
            .create()
        try await database.schema(VisitModel.schema).field("costs_version", .int, .required, .sql(.default(0))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VisitModel.schema).deleteField("costs_version").update()
        try await database.schema(VisitCostModel.schema).delete()
    }
}
