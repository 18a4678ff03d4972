import Fluent
import SQLKit

/// The programme's one version counter, which every write of any partnership raised (and so waited on), is
/// split: reference data keeps a counter, each partnership gets its own revision (see `DataVersion`).
struct SplitDataVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PartnershipModel.schema).field("revision", .int, .required, .sql(.default(0))).update()
        try await (database as! any SQLDatabase).insert(into: DataVersion.schema).columns("name", "version")
            .values(SQLBind(DataVersion.Name.reference.rawValue), SQLBind(Int64(0))).ignoringConflicts(with: "name").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).delete(from: DataVersion.schema)
            .where("name", .equal, SQLBind(DataVersion.Name.reference.rawValue)).run()
        try await database.schema(PartnershipModel.schema).deleteField("revision").update()
    }
}
