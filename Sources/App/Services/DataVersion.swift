import Fluent
import Foundation
import SQLKit

/// How each server instance tells cheaply whether what it holds in memory is still current, without making
/// every write wait on one shared row:
/// - reference data (States Parties, National Authorities, calls), which changes rarely, raises one counter in
///   `data_versions`;
/// - a partnership raises its own `revision` when it, a participant, a visit or a report of it changes (reports
///   raise it in their command, before the report's own row, in the order a visit's change takes), so two
///   partnerships edited at once never touch the same row (`ProgrammeCache` reads every revision in one query
///   and reloads only the partnerships whose revision moved).
enum DataVersion {
    static let schema = "data_versions"

    enum Name: String, CaseIterable {
        /// States Parties, National Authorities and calls.
        case reference
        /// What the clearing-house shows: raised by every save or step of a record that is or was published
        /// (`ClearingSearchRow`), and by a change to a record's relations or file.
        case clearing
    }

    static func current(_ name: Name, on database: any Database) async throws -> Int64 {
        let row = try await (database as! any SQLDatabase).select().column("version").from(schema)
            .where("name", .equal, SQLBind(name.rawValue)).first()
        return try row?.decode(column: "version", as: Int64.self) ?? 0
    }

    /// Raises the counter in the caller's transaction, so the change and its new version commit together; returns
    /// the new version (the writer's own until it commits, then everyone's).
    @discardableResult
    static func bump(_ name: Name, on database: any Database) async throws -> Int64 {
        try await (database as! any SQLDatabase).update(schema)
            .set(SQLIdentifier("version"), to: SQLBinaryExpression(SQLIdentifier("version"), .add, SQLLiteral.numeric("1")))
            .where("name", .equal, SQLBind(name.rawValue)).run()
        return try await current(name, on: database)
    }

    /// Raises one partnership's revision in the caller's transaction.
    static func bump(partnership id: UUID, on database: any Database) async throws {
        try await (database as! any SQLDatabase).update(PartnershipModel.schema)
            .set(SQLIdentifier("revision"), to: SQLBinaryExpression(SQLIdentifier("revision"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, SQLBind(id)).run()
    }

    /// Every partnership's revision, by id: what the programme in memory is checked against.
    static func partnershipRevisions(on database: any Database) async throws -> [UUID: Int] {
        let rows = try await (database as! any SQLDatabase).select().column("id").column("revision").from(PartnershipModel.schema).all()
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "revision", as: Int.self)) })
    }
}

/// Raises the reference data's version whenever one of its records is created, changed or deleted through Fluent.
struct ReferenceVersionMiddleware<M: Model>: AsyncModelMiddleware {
    func create(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        try await DataVersion.bump(.reference, on: db)
    }

    func update(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        try await DataVersion.bump(.reference, on: db)
    }

    func delete(model: M, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        try await DataVersion.bump(.reference, on: db)
    }
}

/// A record that belongs to one partnership: changing it raises that partnership's revision.
protocol PartOfPartnership: Model {
    var partnershipID: UUID? { get }
}

extension PartnershipModel: PartOfPartnership {
    var partnershipID: UUID? { id }
}

extension ParticipantModel: PartOfPartnership {
    var partnershipID: UUID? { $partnership.id }
}

extension VisitModel: PartOfPartnership {
    var partnershipID: UUID? { $partnership.id }
}


/// Raises the revision of the partnership a record belongs to whenever the record changes through Fluent.
struct PartnershipRevisionMiddleware<M: PartOfPartnership>: AsyncModelMiddleware {
    func create(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        if let id = model.partnershipID { try await DataVersion.bump(partnership: id, on: db) }
    }

    func update(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.update(model, on: db)
        if let id = model.partnershipID { try await DataVersion.bump(partnership: id, on: db) }
    }

    func delete(model: M, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.delete(model, force: force, on: db)
        // A deleted partnership leaves the revisions read, which is change enough.
        if !(model is PartnershipModel), let id = model.partnershipID { try await DataVersion.bump(partnership: id, on: db) }
    }
}

extension DataVersion {
    /// A text that changes whenever reference data or any partnership (with its participants, visits and
    /// reports) changes: what figures drawn from the whole programme are kept against. Read in one small query:
    /// revisions only grow, so their sum moves with any change; a new partnership moves the latest creation;
    /// one taken away moves the count.
    static func programme(on database: any Database) async throws -> String {
        let row = try await (database as! any SQLDatabase).select()
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")
            // PostgreSQL sums whole numbers as NUMERIC; cast back to a whole number, as SQLite gives it.
            .column(SQLRaw("CAST(SUM(revision) AS BIGINT)"), as: "revisions")
            .column(SQLFunction("MAX", args: SQLIdentifier("created_at")), as: "latest")
            .from(PartnershipModel.schema).first()
        let count = try row?.decode(column: "count", as: Int.self) ?? 0
        let revisions = try row?.decode(column: "revisions", as: Int?.self) ?? 0
        let latest = try row?.decode(column: "latest", as: Date?.self)?.timeIntervalSince1970 ?? 0
        return "\(try await current(.reference, on: database)) \(count) \(revisions) \(latest)"
    }
}
