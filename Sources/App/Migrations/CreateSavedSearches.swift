import Fluent

/// Saved clearing-house searches; a person keeps one search once (`user_id`, `query` is unique).
struct CreateSavedSearches: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SavedSearchModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("query", .string, .required)
            .field("frequency", .string, .required)
            .field("alerted_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id", "query")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SavedSearchModel.schema).delete()
    }
}
