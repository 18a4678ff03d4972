import Fluent
import Foundation
import TandemCore

/// Adds the calls Tandem ships (`Resources/Data/calls.json`) that the database does not have yet. A call
/// already there is left as the Secretariat last edited it, except that one without any words yet is given the
/// shipped ones.
enum CallsLoader {
    static func load(_ calls: [Call], on database: any Database, actor: String) async throws -> Int {
        try await database.writeTransaction { db in
            let existing = Dictionary(try await CallModel.query(on: db).all().map { ($0.slug, $0) }) { first, _ in first }
            var added = 0
            for call in calls {
                guard let stored = existing[call.slug] else {
                    try await CallModel(call).create(on: db)
                    try await AuditLog.record(on: db, actor: actor, action: "create", entity: "call", key: call.slug,
                                              before: nil, after: call)
                    added += 1
                    continue
                }
                let current = try stored.value()
                guard current.texts.isEmpty, !call.texts.isEmpty else { continue }
                var worded = current
                worded.texts = call.texts
                stored.update(from: worded)
                try await stored.save(on: db)
                try await AuditLog.record(on: db, actor: actor, action: "update", entity: "call", key: call.slug,
                                          before: ["texts": "none"], after: ["texts": call.texts.keys.sorted().joined(separator: ", ")])
            }
            return added
        }
    }

    static func parse(_ data: Data) throws -> [Call] {
        try JSONDecoder().decode([Call].self, from: data)
    }
}
