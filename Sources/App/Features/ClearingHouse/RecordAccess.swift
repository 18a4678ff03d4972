import Fluent
import Foundation
import TandemCore
import Vapor

/// What the person behind a request may do with a clearing-house record, from what they are to it
/// (`MoveClearingRecord.standing`) and where it stands (`Publication.mayRead`, `mayEdit`). A record someone may
/// not read is not found, so its existence is not told.
struct RecordAccess {
    let record: ClearingRecordModel
    let kind: RecordKind
    let publication: Publication
    let standing: Publication.Standing
    let document: RecordDocument

    var mayEdit: Bool { publication.mayEdit(kind: kind, by: standing) }

    static func load(_ req: Request) async throws -> RecordAccess {
        guard let id = req.parameters.get("id", as: UUID.self), let record = try await ClearingRecordModel.find(id, on: req.db) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let access = try await of(record, by: req.currentUser, on: req.db)
        guard access.publication.mayRead(record.recordVisibility, by: access.standing, signedIn: req.currentUser != nil) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return access
    }

    static func of(_ record: ClearingRecordModel, by user: UserModel?, on db: any Database) async throws -> RecordAccess {
        RecordAccess(record: record, kind: try record.recordKind, publication: try record.publication(),
                     standing: try await MoveClearingRecord.standing(of: user, toward: record, on: db), document: try record.recordDocument())
    }
}

extension ClearingRecordModel {
    /// The records a person may change or answer for: theirs, their organisation's, and a focal point's state's.
    static func changeable(by email: String, organisation: UUID?, actor: Actor, on db: any Database) -> QueryBuilder<ClearingRecordModel> {
        query(on: db).group(.or) { or in
            or.filter(\.$ownerEmail == email)
            if let organisation { or.filter(\.$organisation.$id == organisation) }
            if actor.role == .focalPoint, let state = actor.state { or.filter(\.$stateISO3 == state) }
        }
    }

    func recordDocument() throws -> RecordDocument {
        do {
            return try JSONDecoder().decode(RecordDocument.self, from: Data(document.utf8))
        } catch {
            throw UnreadableStoredValue(column: "clearing_records.document", value: String(document.prefix(80)))
        }
    }

    var recordVisibility: RecordVisibility { RecordVisibility(rawValue: visibility) ?? .secretariat }

    var originalLanguage: Language { Language(rawValue: language) ?? .en }

    /// Its title as written, for emails and the audit (every format's first field is `title`).
    var originalTitle: String { (try? recordDocument())?["title"] ?? "" }

    /// Its title in `language`, or in the language it was written in.
    func title(in language: Language, document: RecordDocument) throws -> TranslatedText.Shown {
        document.text(try RecordFormat.of(recordKind).title.name, original: originalLanguage).shown(in: language)
    }
}

extension RecordDocument {
    /// As stored in `clearing_records.document`: keys sorted, so the same fields always read the same.
    var stored: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
