import Fluent
import Foundation
import SQLKit

/// Someone else changed the record between the moment a change read it and the moment it wrote: nothing was
/// written. Answered 409 with `code` "conflict" (or 412 where the request sent `If-Match`), saying who may
/// look again; never retried behind the person's back unless the change does not depend on what moved.
struct ChangeConflict: Error, Equatable {
    /// What was changed first, in the programme's words: "application", "proposal", "report", ...
    let entity: String
}

extension Database {
    /// The guarded write that opens every change: it raises the record's version only if the record is still
    /// as the change read it (the same version, and each `expecting` column still holding its value; a nil
    /// value means the column is still empty). Zero rows means someone acted first, and the change stops
    /// with `ChangeConflict`. Being the first write of its transaction also makes a second writer on SQLite
    /// wait for the first to commit, so it then sees the new version.
    @discardableResult
    func claim(_ schema: String, id: UUID, version: Int? = nil, expecting: [String: String?] = [:],
               entity: String, versionColumn: String = "version") async throws -> Int {
        let sql = self as! any SQLDatabase
        let column = SQLIdentifier(versionColumn)
        var update = sql.update(schema)
            .set(column, to: SQLBinaryExpression(column, .add, SQLLiteral.numeric("1")))
            .where("id", .equal, SQLBind(id))
        if let version { update = update.where(column, .equal, SQLBind(version)) }
        for (column, value) in expecting.sorted(by: { $0.key < $1.key }) {
            if let value {
                update = update.where(SQLIdentifier(column), .equal, SQLBind(value))
            } else {
                update = update.where(SQLIdentifier(column), .is, SQLLiteral.null)
            }
        }
        let rows = try await update.returning(column).all()
        guard let row = rows.first else { throw ChangeConflict(entity: entity) }
        return try row.decode(column: versionColumn, as: Int.self)
    }

}

/// Runs `change` again when it met a conflict, for changes whose rule does not depend on what the other person
/// changed (two states answering the same proposal): each try reads afresh and decides again.
func retryingConflicts<T: Sendable>(times: Int = 5, _ change: () async throws -> T) async throws -> T {
    var attempt = 1
    while true {
        do {
            return try await change()
        } catch let conflict as ChangeConflict {
            guard attempt < times else { throw conflict }
            attempt += 1
        }
    }
}

/// The version a form says it started from. Tandem's pages always send one; a value that is not one is treated as
/// a version that never was, so the save comes back with both texts rather than writing over anyone's.
enum StoredVersion {
    static func sent(_ text: String) throws -> Int {
        guard let version = Int(text.trimmingCharacters(in: .whitespaces)), version >= 0 else { return -1 }
        return version
    }
}

extension Error {
    /// A unique index (or another constraint) refused the write: the database's backstop when two changes
    /// passed their checks at once.
    var isConstraintViolation: Bool {
        (self as? any DatabaseError)?.isConstraintFailure ?? false
    }
}

/// Whether the current task is inside a `writeTransaction` already, so a nested one joins it.
private enum OpenWriteTransaction {
    @TaskLocal static var database: (any Database)?
}

extension Database {
    /// A transaction that writes. On SQLite it takes the write lock when it begins (`BEGIN IMMEDIATE`): a
    /// transaction that reads before it writes would otherwise fail at once ("database is locked") when another
    /// connection, a request or the mail worker, wrote in between; taking the lock first makes it wait its turn
    /// instead. On PostgreSQL it is an ordinary transaction, kept correct by the guarded writes.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if let open = OpenWriteTransaction.database { return try await body(open) }
        guard (self as? any SQLDatabase)?.dialect.name == "sqlite" else {
            return try await transaction { db in try await OpenWriteTransaction.$database.withValue(db) { try await body(db) } }
        }
        return try await withConnection { connection in
            let sql = connection as! any SQLDatabase
            try await sql.raw("BEGIN IMMEDIATE TRANSACTION").run()
            do {
                let result = try await OpenWriteTransaction.$database.withValue(connection) { try await body(connection) }
                try await sql.raw("COMMIT TRANSACTION").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK TRANSACTION").run()
                throw error
            }
        }
    }
}
