import Fluent

/// The sum the Secretariat sets aside for each call's visits in each year; one per call and year, which the
/// database keeps so.
struct CreateProgrammeBudgets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProgrammeBudgetModel.schema)
            .id()
            .field("version", .int, .required)
            .field("call_id", .uuid, .required, .references(CallModel.schema, "id", onDelete: .cascade))
            .field("year", .int, .required)
            .field("amount_cents", .int64, .required)
            .field("note", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "call_id", "year")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ProgrammeBudgetModel.schema).delete()
    }
}
