import Fluent
import Foundation
import TandemCore
import Vapor

/// Saves a clearing-house record's fields: one guarded write on the version the writer's page was drawn from,
/// the new numbered version beside it, and the audit row, in one transaction. A save from a page older than the
/// record comes back as stale, with what is stored now, so nothing anyone wrote is written over.
struct SaveClearingRecord {
    let recordID: UUID
    let draft: ClearingRecordDraft
    let basedOn: Int

    enum Outcome {
        case saved(ClearingRecordModel)
        case unchanged(ClearingRecordModel)
        case stale(ClearingRecordModel)
    }

    func run(by user: UserModel, from address: String = "", app: Application, on database: any Database) async throws -> Outcome {
        guard let record = try await ClearingRecordModel.find(recordID, on: database) else { throw Abort(.notFound) }
        guard basedOn == record.version else { return .stale(record) }
        let before = ClearingRecordDraft(record)
        guard draft != before else { return .unchanged(record) }
        do {
            try await database.writeTransaction { db in
                record.version = try await db.claim(ClearingRecordModel.schema, id: recordID, version: record.version, entity: "clearing_record")
                draft.apply(to: record)
                try await record.save(on: db)
                let number = try await ClearingRecordVersionModel.query(on: db).filter(\.$record.$id == recordID).count() + 1
                // The unique (record, number) is the backstop should two saves ever pass the claim together.
                try await ClearingRecordVersionModel(recordID: recordID, number: number, document: draft.document, by: user.email, at: app.clock.now())
                    .create(on: db)
                try await AuditLog.record(on: db, actor: user.email, action: "save", entity: "clearing_record", key: recordID.uuidString,
                                          before: before, after: draft, address: address)
                try await ClearingSearchRow.write(record, app: app, on: db)
            }
        } catch is ChangeConflict {
            guard let current = try await ClearingRecordModel.find(recordID, on: database) else { throw Abort(.notFound) }
            return .stale(current)
        }
        return .saved(record)
    }
}

/// What a writer sets on a record: its fields, who may read it, the language it is written in, and for a national
/// record written by the Secretariat, whether the state agreed that the Secretariat publishes it.
struct ClearingRecordDraft: Equatable, Encodable {
    var document: String
    var visibility: RecordVisibility
    var language: Language
    var stateConsent: Bool

    init(document: String, visibility: RecordVisibility, language: Language, stateConsent: Bool = false) {
        self.document = document
        self.visibility = visibility
        self.language = language
        self.stateConsent = stateConsent
    }

    init(_ record: ClearingRecordModel) {
        document = record.document
        visibility = RecordVisibility(rawValue: record.visibility) ?? .secretariat
        language = Language(rawValue: record.language) ?? .en
        stateConsent = record.stateConsent
    }

    func apply(to record: ClearingRecordModel) {
        record.document = document
        record.visibility = visibility.rawValue
        record.language = language.rawValue
        record.stateConsent = stateConsent
    }
}

/// Starts a clearing-house record as a draft: the record, its first version and the audit row in one transaction.
struct StartClearingRecord {
    let kind: RecordKind
    let draft: ClearingRecordDraft
    /// The State Party a national record is about.
    let state: String?
    /// The token of the form it comes from; a second record from the same form is not started.
    var formToken: String? = nil

    func run(by user: UserModel, from address: String = "", app: Application, on database: any Database) async throws -> ClearingRecordModel {
        try await runOnce(by: user, from: address, app: app, on: database).record
    }

    /// The record, and whether this call started it (false: the same form had started it already).
    func runOnce(by user: UserModel, from address: String = "", app: Application, on database: any Database) async throws
        -> (record: ClearingRecordModel, isNew: Bool) {
        if let started = try await startedFromThisForm(by: user, on: database) { return (started, false) }
        let record = ClearingRecordModel(kind: kind, ownerEmail: user.email, organisationID: kind.isNational ? nil : user.$organisation.id,
                                         stateISO3: kind.isNational ? state : nil, visibility: draft.visibility, language: draft.language)
        draft.apply(to: record)
        record.formToken = formToken
        do {
            try await start(record, by: user, from: address, app: app, on: database)
        } catch where error.isConstraintViolation && formToken != nil {
            // The same form sent twice at once: the unique token kept one; this is that one.
            if let started = try await startedFromThisForm(by: user, on: database) { return (started, false) }
            throw error
        }
        return (record, true)
    }

    /// The record this person already started from this form; a token of someone else's form is not theirs to use.
    private func startedFromThisForm(by user: UserModel, on database: any Database) async throws -> ClearingRecordModel? {
        guard let formToken, let started = try await ClearingRecordModel.query(on: database).filter(\.$formToken == formToken).first(),
              started.ownerEmail == user.email else { return nil }
        return started
    }

    private func start(_ record: ClearingRecordModel, by user: UserModel, from address: String, app: Application, on database: any Database) async throws {
        try await database.writeTransaction { db in
            try await record.create(on: db)
            let id = try record.requireID()
            try await ClearingRecordVersionModel(recordID: id, number: 1, document: draft.document, by: user.email, at: app.clock.now()).create(on: db)
            try await AuditLog.record(on: db, actor: user.email, action: "create", entity: "clearing_record", key: id.uuidString,
                                      before: nil, after: draft, address: address)
            try await ClearingSearchRow.write(record, app: app, on: db)
        }
    }
}
