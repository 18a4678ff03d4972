import Fluent

struct CreatePartnershipParticipants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ParticipantModel.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(PartnershipModel.schema, "id", onDelete: .cascade))
            .field("state_iso3", .string, .required, .references(StatePartyModel.schema, "iso3", onDelete: .restrict))
            .field("role", .string, .required)
            .field("position", .int, .required)
            .unique(on: "partnership_id", "state_iso3")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ParticipantModel.schema).delete()
    }
}
