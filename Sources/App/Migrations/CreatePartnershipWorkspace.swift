import Fluent

/// A partnership's workspace: its timeline, action plan, notes and bilateral meetings.
struct CreatePartnershipWorkspace: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TimelineEventModel.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(PartnershipModel.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("details", .string, .required)
            .field("actor", .string, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.schema(PartnershipTaskModel.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(PartnershipModel.schema, "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("owner_iso3", .string, .required, .references(StatePartyModel.schema, "iso3", onDelete: .restrict))
            .field("due_on", .string)
            .field("done_at", .datetime)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(PartnershipNoteModel.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(PartnershipModel.schema, "id", onDelete: .cascade))
            .field("author", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(BilateralMeetingModel.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(PartnershipModel.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("held_on", .string, .required)
            .field("place", .string, .required)
            .field("participants", .string, .required)
            .field("summary", .string, .required)
            .field("recorded_by", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [BilateralMeetingModel.schema, PartnershipNoteModel.schema, PartnershipTaskModel.schema, TimelineEventModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
