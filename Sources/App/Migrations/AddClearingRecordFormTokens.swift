import Fluent
import SQLKit

/// The token of the form a record was started from, unique: a form sent twice (a double click, a second tab, a
/// retry on a slow line) starts one record.
struct AddClearingRecordFormTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ClearingRecordModel.schema).field("form_token", .string).update()
        try await (database as! any SQLDatabase).raw("CREATE UNIQUE INDEX clearing_records_form_token ON clearing_records (form_token)").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX clearing_records_form_token").run()
        try await database.schema(ClearingRecordModel.schema).deleteField("form_token").update()
    }
}
