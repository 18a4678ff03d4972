import Fluent
import TandemCore

/// Loads the States Parties file into the database, matching rows by ISO code so that a corrected
/// file updates states in place and never duplicates them.
enum ReferenceDataLoader {
    struct Summary: Equatable {
        var created = 0
        var updated = 0
        var unchanged = 0
    }

    static func load(_ states: [StateParty], on database: any Database, actor: String) async throws -> Summary {
        try await database.writeTransaction { db in
            let existing = try await StatePartyModel.query(on: db).all()
            let byISO3 = Dictionary(uniqueKeysWithValues: existing.map { ($0.iso3, $0) })
            var summary = Summary()
            for state in states {
                if let model = byISO3[state.iso3] {
                    let before = model.value
                    guard before != state else {
                        summary.unchanged += 1
                        continue
                    }
                    model.update(from: state)
                    try await model.save(on: db)
                    try await AuditLog.record(on: db, actor: actor, action: "update", entity: "state_party",
                                              key: state.iso3, before: before, after: state)
                    summary.updated += 1
                } else {
                    try await StatePartyModel(state).create(on: db)
                    summary.created += 1
                }
            }
            if summary.created > 0 {
                try await AuditLog.record(on: db, actor: actor, action: "create", entity: "state_party",
                                          key: "\(summary.created) States Parties", before: nil,
                                          after: states.map(\.iso3))
            }
            return summary
        }
    }
}
