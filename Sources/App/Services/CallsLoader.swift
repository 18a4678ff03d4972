import Fluent
import Foundation
import TandemCore

/// Adds the calls Tandem ships (`Resources/Data/calls.json`) that the database does not have yet. A call
/// already there is left as the Secretariat last edited it.
enum CallsLoader {
    static func load(_ calls: [Call], on database: any Database, actor: String) async throws -> Int {
        try await database.writeTransaction { db in
            let existing = Set(try await CallModel.query(on: db).all().map(\.slug))
            var added = 0
            for call in calls where !existing.contains(call.slug) {
                try await CallModel(call).create(on: db)
                try await AuditLog.record(on: db, actor: actor, action: "create", entity: "call", key: call.slug,
                                          before: nil, after: call)
                added += 1
            }
            return added
        }
    }

    static func parse(_ data: Data) throws -> [Call] {
        try JSONDecoder().decode([Call].self, from: data)
    }
}
