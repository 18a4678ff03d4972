import Fluent
import SQLKit

/// One counter per kind of data, raised by every change to it, so that each server instance can tell
/// cheaply whether what it holds in memory is still current.
struct CreateDataVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DataVersion.schema)
            .field("name", .string, .identifier(auto: false))
            .field("version", .int64, .required)
            .create()
        // The counters as they were then; `SplitDataVersions` adds today's.
        for name in ["programme"] {
            try await (database as! any SQLDatabase).insert(into: DataVersion.schema)
                .columns("name", "version").values(SQLBind(name), SQLBind(Int64(0))).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DataVersion.schema).delete()
    }
}
