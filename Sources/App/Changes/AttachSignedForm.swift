import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// A form signed by the Head of the National Authority is uploaded to an application that can still be changed.
/// The file is written first, under a name of its own, so no upload ever replaces another; then one transaction
/// points the application at it only if the application is still editable (a submission in between wins), numbers
/// it after the last upload and writes the audit. The unique index on (application, number) is the backstop when
/// two uploads arrive at once: the later one is numbered again. The application's version is left alone, so an
/// upload never makes the writer's open form stale.
struct AttachSignedForm {
    let applicationID: UUID
    let bytes: ByteBuffer
    let type: UploadType
    let actor: String

    enum Outcome {
        case attached(SignedFormModel)
        /// The application was submitted or decided meanwhile: nothing was kept.
        case notEditable
    }

    func run(on req: Request) async throws -> Outcome {
        let file = try await req.application.uploads.store(
            bytes, named: "applications/\(applicationID.uuidString)/signed-forms/\(UUID().uuidString).\(type.fileExtension)")
        do {
            let outcome = try await retryingConflicts {
                try await req.db.writeTransaction { db in
                    let sql = db as! any SQLDatabase
                    let editable = ApplicationStatus.allCases.filter(\.isEditable).map { SQLBind($0.rawValue) }
                    let claimed = try await sql.update(ApplicationModel.schema)
                        .set("signed_form_file", to: SQLBind(file)).set("signed_form_type", to: SQLBind(type.rawValue))
                        .where("id", .equal, SQLBind(applicationID)).where("status", .in, SQLGroupExpression(editable))
                        .returning("id").all()
                    guard !claimed.isEmpty else { return Outcome.notEditable }
                    let last = try await SignedFormModel.query(on: db).filter(\.$application.$id == applicationID).max(\.$number) ?? 0
                    let upload = SignedFormModel(applicationID: applicationID, number: last + 1, file: file, type: type.rawValue,
                                                 bytes: bytes.readableBytes, uploadedBy: actor, uploadedAt: req.application.clock.now())
                    do {
                        try await upload.create(on: db)
                    } catch where error.isConstraintViolation {
                        throw ChangeConflict(entity: "signed_form")
                    }
                    try await req.audit("attach_signed_form", entity: "application", key: applicationID.uuidString,
                                        after: ["type": type.rawValue, "bytes": String(bytes.readableBytes), "number": String(upload.number)], on: db)
                    return Outcome.attached(upload)
                }
            }
            if case .notEditable = outcome { try? FileManager.default.removeItem(at: req.application.uploads.url(file)) }
            return outcome
        } catch {
            try? FileManager.default.removeItem(at: req.application.uploads.url(file))
            throw error
        }
    }
}
