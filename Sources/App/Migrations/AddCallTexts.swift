import Fluent

/// A call's words by language (title, objectives, who may apply, what is paid, contacts), as JSON.
struct AddCallTexts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CallModel.schema).field("texts", .string, .required, .sql(.default("{}"))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CallModel.schema).deleteField("texts").update()
    }
}
