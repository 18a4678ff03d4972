import Fluent

struct CreateCalls: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CallModel.schema)
            .id()
            .field("slug", .string, .required)
            .field("title", .string, .required)
            .field("reference", .string, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("status", .string, .required)
            .field("rules", .string, .required)
            .field("review_dates", .string, .required)
            .field("thematic_areas", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CallModel.schema).delete()
    }
}
