import Fluent

struct CreatePartnerships: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PartnershipModel.schema)
            .id()
            .field("code", .string, .required)
            .field("status", .string, .required)
            .field("start_date", .string)
            .field("end_date", .string)
            .field("source", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PartnershipModel.schema).delete()
    }
}
