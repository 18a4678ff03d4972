import Fluent

struct CreateKeptForms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(KeptFormModel.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("path", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(KeptFormModel.schema).delete()
    }
}
