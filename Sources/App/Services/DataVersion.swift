import Fluent
import SQLKit

/// Version counters of the data Tandem keeps in memory (see `CreateDataVersions`).
enum DataVersion {
    static let schema = "data_versions"

    enum Name: String, CaseIterable {
        /// States Parties, partnerships, participants and visits.
        case programme
    }

    static func current(_ name: Name, on database: any Database) async throws -> Int64 {
        let row = try await (database as! any SQLDatabase).select().column("version").from(schema)
            .where("name", .equal, SQLBind(name.rawValue)).first()
        return try row?.decode(column: "version", as: Int64.self) ?? 0
    }

    /// Raises the counter in the caller's transaction, so the change and its new version commit together.
    static func bump(_ name: Name, on database: any Database) async throws {
        try await (database as! any SQLDatabase).update(schema)
            .set(SQLIdentifier("version"), to: SQLBinaryExpression(SQLIdentifier("version"), .add, SQLLiteral.numeric("1")))
            .where("name", .equal, SQLBind(name.rawValue)).run()
    }
}

/// Raises the programme's version whenever one of its records is created, changed or deleted through Fluent.
struct ProgrammeVersionMiddleware<M: Model>: AsyncModelMiddleware {
    func create(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        try await DataVersion.bump(.programme, on: db)
    }

    func update(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        try await DataVersion.bump(.programme, on: db)
    }

    func delete(model: M, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        try await DataVersion.bump(.programme, on: db)
    }
}
