import Fluent

struct CreateNationalAuthorities: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NationalAuthorityModel.schema)
            .id()
            .field("state_iso3", .string, .required, .references(StatePartyModel.schema, "iso3", onDelete: .restrict))
            .field("name", .string, .required)
            .field("address", .string, .required)
            .field("email", .string, .required)
            .field("phone", .string, .required)
            .field("website", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "state_iso3")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NationalAuthorityModel.schema).delete()
    }
}
