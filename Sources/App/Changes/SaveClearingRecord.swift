import Fluent
import Foundation
import TandemCore
import Vapor

/// Saves a clearing-house record's fields: one guarded write on the version the writer's page was drawn from,
/// the new numbered version beside it, and the audit row, in one transaction. A save from a page older than the
/// record comes back as stale, with what is stored now, so nothing anyone wrote is written over.
struct SaveClearingRecord {
    let recordID: UUID
    /// The fields as JSON, in the kind's common format.
    let document: String
    let basedOn: Int

    enum Outcome {
        case saved(ClearingRecordModel)
        case unchanged(ClearingRecordModel)
        case stale(ClearingRecordModel)
    }

    func run(by user: UserModel, from address: String = "", app: Application, on database: any Database) async throws -> Outcome {
        guard let record = try await ClearingRecordModel.find(recordID, on: database) else { throw Abort(.notFound) }
        guard basedOn == record.version else { return .stale(record) }
        guard document != record.document else { return .unchanged(record) }
        let before = record.document
        do {
            try await database.writeTransaction { db in
                record.version = try await db.claim(ClearingRecordModel.schema, id: recordID, version: record.version, entity: "clearing_record")
                record.document = document
                try await record.save(on: db)
                let number = try await ClearingRecordVersionModel.query(on: db).filter(\.$record.$id == recordID).count() + 1
                // The unique (record, number) is the backstop should two saves ever pass the claim together.
                try await ClearingRecordVersionModel(recordID: recordID, number: number, document: document, by: user.email, at: app.clock.now())
                    .create(on: db)
                try await AuditLog.record(on: db, actor: user.email, action: "save", entity: "clearing_record", key: recordID.uuidString,
                                          before: before, after: document, address: address)
            }
        } catch is ChangeConflict {
            guard let current = try await ClearingRecordModel.find(recordID, on: database) else { throw Abort(.notFound) }
            return .stale(current)
        }
        return .saved(record)
    }
}
