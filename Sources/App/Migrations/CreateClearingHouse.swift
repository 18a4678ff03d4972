import Fluent
import SQLKit

/// The clearing-house's records, of every kind, in one table: lists of a kind filter on its status and
/// visibility, and the Secretariat's queue reads what waits for review, oldest first. Each save of a record's
/// fields is kept as a numbered version.
struct CreateClearingHouse: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ClearingRecordModel.schema)
            .id()
            .field("version", .int, .required)
            .field("kind", .string, .required)
            .field("owner_email", .string, .required)
            .field("organisation_id", .uuid, .references(OrganisationModel.schema, "id", onDelete: .setNull))
            .field("state_iso3", .string)
            .field("state_consent", .bool, .required)
            .field("visibility", .string, .required)
            .field("status", .string, .required)
            .field("submitted_on", .string)
            .field("return_reason", .string)
            .field("published_on", .string)
            .field("confirmed_on", .string)
            .field("expired_on", .string)
            .field("language", .string, .required)
            .field("document", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await (database as! any SQLDatabase).raw(
            "CREATE INDEX clearing_records_by_kind ON clearing_records (kind, status, visibility)").run()
        try await (database as! any SQLDatabase).raw(
            "CREATE INDEX clearing_records_waiting ON clearing_records (status, submitted_on)").run()
        try await database.schema(ClearingRecordVersionModel.schema)
            .id()
            .field("record_id", .uuid, .required, .references(ClearingRecordModel.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("document", .string, .required)
            .field("by", .string, .required)
            .field("at", .datetime, .required)
            .unique(on: "record_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClearingRecordVersionModel.schema).delete()
        try await database.schema(ClearingRecordModel.schema).delete()
    }
}
