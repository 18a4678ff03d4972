import Fluent

struct CreateVisits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(VisitModel.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(PartnershipModel.schema, "id", onDelete: .cascade))
            .field("host_iso3", .string, .required, .references(StatePartyModel.schema, "iso3", onDelete: .restrict))
            .field("visitor_iso3", .string, .required, .references(StatePartyModel.schema, "iso3", onDelete: .restrict))
            .field("start_date", .string)
            .field("end_date", .string)
            .field("year", .int, .required)
            .field("status", .string, .required)
            .field("note", .string, .required)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VisitModel.schema).delete()
    }
}
