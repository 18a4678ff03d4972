import Fluent

/// A kept form belongs to the browser that sent it: the hash of that browser's CSRF token, which no other
/// browser (nor a page of another site) can know.
struct AddKeptFormOwner: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(KeptFormModel.schema).field("browser_hash", .string, .required, .sql(.default(""))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(KeptFormModel.schema).deleteField("browser_hash").update()
    }
}
