import Fluent
import SQLKit

/// Relations between clearing-house records and to the programme's partnerships and applications, and the file a
/// library item may have in place of (or beside) its link.
struct CreateClearingRelations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ClearingRelationModel.schema)
            .id()
            .field("record_id", .uuid, .required, .references(ClearingRecordModel.schema, "id", onDelete: .cascade))
            .field("target", .string, .required)
            .field("target_key", .string, .required)
            .field("added_by", .string, .required)
            .field("added_at", .datetime, .required)
            .unique(on: "record_id", "target", "target_key")
            .create()
        try await (database as! any SQLDatabase).raw("CREATE INDEX clearing_relations_target ON clearing_relations (target, target_key)").run()
        // One column at a time: SQLite adds one per statement.
        try await database.schema(ClearingRecordModel.schema).field("file_path", .string).update()
        try await database.schema(ClearingRecordModel.schema).field("file_type", .string).update()
        try await database.schema(ClearingRecordModel.schema).field("file_bytes", .int).update()
    }

    func revert(on database: any Database) async throws {
        for column in ["file_bytes", "file_type", "file_path"] {
            try await database.schema(ClearingRecordModel.schema).deleteField(.string(column)).update()
        }
        try await database.schema(ClearingRelationModel.schema).delete()
    }
}
