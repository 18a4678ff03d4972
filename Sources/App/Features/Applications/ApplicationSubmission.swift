import Fluent
import Foundation
import TandemCore
import Vapor

/// Status changes of an application, each kept with who, when and why, and audited with it.
enum ApplicationSubmission {
    /// Submits, acknowledging receipt to the state's focal points and telling every programme officer, with the
    /// quarterly review the application falls to.
    static func submit(_ application: ApplicationModel, by actor: String, on req: Request) async throws {
        let now = req.application.clock.now()
        try await change(application, to: .submitted, by: actor, reasons: [:], on: req, also: { application in
            application.submittedAt = now
        }, then: { db in
            let call = try await application.$call.get(on: db).value()
            let state = application.stateISO3, path = "/applications/\(try application.requireID().uuidString)"
            let review = ReviewSchedule.review(for: CivilDate(utc: now), among: call.reviewDates)
            let mail = PartnerMail(app: req.application)
            let title: @Sendable (Language) -> [String: String] = { ["call": call.title(in: $0)] }
            try await mail.send(.applicationReceived, to: [state], partnershipStates: [state], path: path,
                                localized: review == nil ? ["review": "mail_review_unscheduled"] : [:], days: review.map { ["review": $0] } ?? [:],
                                inLanguage: title, on: db, now: now)
            try await mail.sendToSecretariat(.applicationSubmitted, about: [state], path: path, values: ["by": actor],
                                             localized: review == nil ? ["review": "mail_review_unscheduled"] : [:],
                                             days: review.map { ["review": $0] } ?? [:], inLanguage: title, on: db, now: now)
        })
    }

    /// Moves the application to `status` if the programme allows that move from where it stands, as one
    /// change: the guarded write (still the version and status read), the status, its history row, the audit
    /// entry and whatever `then` adds (the decision's emails) in one transaction. Someone who moved it first
    /// gets `ChangeConflict`.
    static func change(_ application: ApplicationModel, to status: ApplicationStatus, by actor: String, reasons: [String: String],
                       on req: Request, also: @escaping @Sendable (ApplicationModel) -> Void = { _ in },
                       then: @escaping @Sendable (any Database) async throws -> Void = { _ in }) async throws {
        let from = try application.applicationStatus
        guard from.canMove(to: status) else { throw ChangeConflict(entity: "application") }
        try await req.db.writeTransaction { db in
            application.version = try await db.claim(ApplicationModel.schema, id: try application.requireID(), version: application.version,
                                                     expecting: ["status": from.rawValue], entity: "application")
            application.status = status.rawValue
            also(application)
            try await application.save(on: db)
            try await ApplicationStatusChangeModel(applicationID: try application.requireID(), from: from, to: status, by: actor,
                                                   reasons: reasons).create(on: db)
            try await req.audit(status.rawValue, entity: "application", key: try application.requireID().uuidString,
                                before: ["status": from.rawValue], after: StatusChange(status: status.rawValue, reasons: reasons.isEmpty ? nil : reasons), on: db)
            try await then(db)
        }
    }
}

/// What the audit log keeps of a decision: the new status and, where there are some, its reasons by section.
private struct StatusChange: Encodable {
    let status: String
    let reasons: [String: String]?
}
