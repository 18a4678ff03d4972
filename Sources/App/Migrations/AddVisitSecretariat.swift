import Fluent

/// Who of the Secretariat takes part in a visit (names, one per line): the Secretariat may join the partners.
struct AddVisitSecretariat: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VisitModel.schema).field("secretariat", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VisitModel.schema).deleteField("secretariat").update()
    }
}
