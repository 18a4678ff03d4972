import Fluent
import SQLKit

/// Proposed changes to partnerships' results frameworks, numbered per partnership, at most one waiting at a time
/// (a partial unique index, read the same way by SQLite and PostgreSQL).
struct CreateFrameworkChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FrameworkChangeModel.schema)
            .id()
            .field("version", .int, .required)
            .field("partnership_id", .uuid, .required, .references(PartnershipModel.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("status", .string, .required)
            .field("framework", .string, .required)
            .field("before", .string, .required)
            .field("reason", .string, .required)
            .field("proposed_by", .string, .required)
            .field("proposed_state", .string, .required)
            .field("proposed_at", .datetime, .required)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("comment", .string, .required)
            .unique(on: "partnership_id", "number")
            .create()
        try await (database as! any SQLDatabase).raw(
            "CREATE UNIQUE INDEX framework_changes_one_proposed ON framework_changes (partnership_id) WHERE status = 'proposed'").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FrameworkChangeModel.schema).delete()
    }
}
