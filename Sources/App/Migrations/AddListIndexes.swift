import Fluent
import SQLKit

/// Indexes that hold a list page's order and every column it prints, so a page of 25 is read from the index
/// alone: no sorting of the whole table, and none of the rows' large documents read to reach a column after them.
struct AddListIndexes: AsyncMigration {
    static let indexes = [
        // `/applications`: latest submission first, then drafts by creation.
        "applications_listing ON applications ((submitted_at IS NULL), submitted_at DESC, created_at DESC, id, call_id, state_iso3, status, mode)",
        // The review queue: one status, first submitted first.
        "applications_queue ON applications (status, (submitted_at IS NULL), submitted_at, id, call_id, state_iso3, mode)",
        // `/partnerships`: latest start first.
        "partnerships_listing ON partnerships ((start_date IS NULL), start_date DESC, code, id, revision)",
    ]

    func prepare(on database: any Database) async throws {
        for index in Self.indexes { try await (database as! any SQLDatabase).raw("CREATE INDEX IF NOT EXISTS \(unsafeRaw: index)").run() }
    }

    func revert(on database: any Database) async throws {
        for index in Self.indexes {
            let name = index.prefix { $0 != " " }
            try await (database as! any SQLDatabase).raw("DROP INDEX IF EXISTS \(unsafeRaw: String(name))").run()
        }
    }
}
