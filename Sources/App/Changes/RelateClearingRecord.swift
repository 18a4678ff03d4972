import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Relates a clearing-house record to another record, a partnership or an application, or takes a relation away.
/// The rule is `RecordRelation.adding`; the target must be something the writer may see. One guarded write on
/// the version the writer's page was drawn from, with the relation and the audit row, in one transaction; the
/// unique (record, target, key) is the backstop when the same relation is added twice at once.
struct RelateClearingRecord {
    enum Change {
        case add(address: String)
        case remove(RecordRelation)
    }

    let recordID: UUID
    let change: Change
    let basedOn: Int

    enum Outcome: Equatable {
        case added(RecordRelation)
        case removed
        case refused(RecordRelation.Refusal)
        /// The record changed since the writer's page was drawn.
        case stale
    }

    /// `visible`: whether the person may see what a relation leads to.
    func run(on req: Request, visible: (RecordRelation) async throws -> Bool) async throws -> Outcome {
        guard let user = req.currentUser else { throw Abort(.unauthorized) }
        let existing = try await ClearingRelationModel.query(on: req.db).filter(\.$record.$id == recordID).all().compactMap(\.relation)
        switch change {
        case .add(let address):
            let relation: RecordRelation
            switch RecordRelation.adding(address, to: existing, of: recordID) {
            case .failure(let refusal): return .refused(refusal)
            case .success(let found): relation = found
            }
            guard try await visible(relation) else { return .refused(.notFound) }
            return try await write(action: "relate", relation: relation, on: req) { db in
                do {
                    try await ClearingRelationModel(recordID: recordID, relation: relation, by: user.email, at: req.application.clock.now()).create(on: db)
                } catch where error.isConstraintViolation {
                    throw RelationExists()
                }
            } ?? .added(relation)
        case .remove(let relation):
            // Already gone (taken away from another tab): nothing to write.
            guard existing.contains(relation) else { return .removed }
            return try await write(action: "unrelate", relation: relation, on: req) { db in
                try await ClearingRelationModel.query(on: db).filter(\.$record.$id == recordID)
                    .filter(\.$target == relation.target.rawValue).filter(\.$targetKey == relation.key).delete()
            } ?? .removed
        }
    }

    private struct RelationExists: Error {}

    /// Claims the record's version, makes the change and audits it; nil when it was written, otherwise why not.
    private func write(action: String, relation: RecordRelation, on req: Request,
                       _ body: @escaping @Sendable (any Database) async throws -> Void) async throws -> Outcome? {
        do {
            try await req.db.writeTransaction { db in
                _ = try await db.claim(ClearingRecordModel.schema, id: recordID, version: basedOn, entity: "clearing_record")
                // A harvester asks for what changed since a day: a relation is a change of the record's description.
                try await (db as! any SQLDatabase).update(ClearingRecordModel.schema).set("updated_at", to: SQLBind(req.application.clock.now()))
                    .where("id", .equal, SQLBind(recordID)).run()
                try await body(db)
                // The target's page lists what relates to it, and public pages are kept until this version moves.
                try await DataVersion.bump(.clearing, on: db)
                try await req.audit(action, entity: "clearing_record", key: recordID.uuidString,
                                    after: ["target": relation.target.rawValue, "key": relation.key], on: db)
            }
            return nil
        } catch is ChangeConflict {
            return .stale
        } catch is RelationExists {
            return .refused(.already)
        }
    }
}
