import Fluent

struct CreateStatesParties: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StatePartyModel.schema)
            .id()
            .field("iso2", .string, .required)
            .field("iso3", .string, .required)
            .field("m49", .string, .required)
            .field("name_en", .string, .required)
            .field("name_fr", .string, .required)
            .field("name_es", .string, .required)
            .field("regional_group", .string, .required)
            .field("region", .string, .required)
            .field("subregion", .string, .required)
            .field("languages", .string, .required)
            .field("aliases", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "iso3")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StatePartyModel.schema).delete()
    }
}
