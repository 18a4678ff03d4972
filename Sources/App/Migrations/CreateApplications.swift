import Fluent

struct CreateApplications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ApplicationModel.schema)
            .id()
            .field("call_id", .uuid, .required, .references(CallModel.schema, "id", onDelete: .restrict))
            .field("state_iso3", .string, .required, .references(StatePartyModel.schema, "iso3", onDelete: .restrict))
            .field("status", .string, .required)
            .field("form", .string, .required)
            .field("on_behalf", .bool, .required)
            .field("signed_form_file", .string)
            .field("signed_form_type", .string)
            .field("submitted_at", .datetime)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(ApplicationStatusChangeModel.schema)
            .id()
            .field("application_id", .uuid, .required, .references(ApplicationModel.schema, "id", onDelete: .cascade))
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("by", .string, .required)
            .field("reasons", .string, .required)
            .field("at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ApplicationStatusChangeModel.schema).delete()
        try await database.schema(ApplicationModel.schema).delete()
    }
}
