import Fluent

/// The network address each change came from; entries written before this migration have none.
struct AddAuditAddress: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntryModel.schema).field("address", .string, .required, .sql(.default(""))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEntryModel.schema).deleteField("address").update()
    }
}
