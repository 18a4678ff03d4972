import Fluent
import Foundation
import Vapor

/// Writes the audit trail: every change to Tandem's data leaves an entry. Append-only: no route updates
/// or deletes an entry.
enum AuditLog {
    static func record(on database: any Database, actor: String, action: String, entity: String, key: String,
                       before: (any Encodable)?, after: (any Encodable)?, address: String = "") async throws {
        try await AuditEntryModel(actor: actor, action: action, entity: entity, entityKey: key,
                                  before: json(before), after: json(after), address: address).create(on: database)
    }

    private static func json(_ value: (any Encodable)?) -> String {
        guard let value else { return "" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}

extension Request {
    /// Records a change made through this request, by its signed-in person (or `actor`, for a sign-in that
    /// is not complete yet) from its network address, in `db` when the change runs in a transaction.
    func audit(_ action: String, entity: String, key: String, actor: String? = nil, before: (any Encodable)? = nil,
               after: (any Encodable)? = nil, on db: (any Database)? = nil) async throws {
        try await AuditLog.record(on: db ?? self.db, actor: actor ?? currentUser?.email ?? "", action: action, entity: entity,
                                  key: key, before: before, after: after, address: remoteAddress?.ipAddress ?? "")
    }
}
