import Fluent
import Foundation
import TandemCore
import Vapor

/// Status changes of an application, each kept with who, when and why, and audited with it.
enum ApplicationSubmission {
    static func submit(_ application: ApplicationModel, by actor: String, on req: Request) async throws {
        try await change(application, to: .submitted, by: actor, reasons: [:], on: req) { application in
            application.submittedAt = req.application.clock.now()
        }
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
                                before: ["status": from.rawValue], after: ["status": status.rawValue, "reasons": reasons.description], on: db)
            try await then(db)
        }
    }
}
