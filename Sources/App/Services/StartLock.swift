#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Fluent
import SQLKit
import Vapor

/// Several instances started together on one database take turns to migrate and seed it, so none of them
/// meets a table half made by another: an advisory lock on PostgreSQL (held on a connection of its own until
/// the work is done), an exclusive lock on a file beside the database on SQLite.
enum StartLock {
    /// An arbitrary number that names Tandem's start-up among PostgreSQL's advisory locks.
    static let advisoryKey = 7_420_134_031

    static func run(_ app: Application, _ work: @escaping @Sendable () async throws -> Void) async throws {
        switch app.config.database {
        case .sqliteMemory:
            try await work()
        case .sqliteFile(let path):
            try await withFileLock(path + ".start-lock", work)
        case .postgres:
            try await app.db.withConnection { connection in
                let sql = connection as! any SQLDatabase
                try await sql.raw("SELECT pg_advisory_lock(\(literal: advisoryKey))").run()
                do {
                    try await work()
                } catch {
                    try? await sql.raw("SELECT pg_advisory_unlock(\(literal: advisoryKey))").run()
                    throw error
                }
                try await sql.raw("SELECT pg_advisory_unlock(\(literal: advisoryKey))").run()
            }
        }
    }

    private static func withFileLock(_ path: String, _ work: () async throws -> Void) async throws {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Abort(.internalServerError, reason: "cannot open the start-up lock \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        // Taking turns: try without blocking a thread, and wait a moment between tries.
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw Abort(.internalServerError, reason: "cannot take the start-up lock \(path): \(String(cString: strerror(errno)))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        defer { flock(descriptor, LOCK_UN) }
        try await work()
    }
}
