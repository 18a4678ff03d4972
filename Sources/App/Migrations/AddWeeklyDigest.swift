import Fluent

/// Whether a person asked for the weekly email of what needs them; nobody gets it without asking.
struct AddWeeklyDigest: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserModel.schema).field("weekly_digest", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserModel.schema).deleteField("weekly_digest").update()
    }
}
