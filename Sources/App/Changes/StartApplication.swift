import Fluent
import Foundation
import TandemCore
import Vapor

/// A state's application to a call begins, as a draft. A state has one active application per call: one that
/// exists already is returned instead, and the unique index `applications_one_active` keeps the rule when
/// several starts arrive at once (a double click, two people of one National Authority, a retrying client).
struct StartApplication {
    let call: CallModel
    let state: String
    let form: ApplicationForm
    let onBehalf: Bool
    let actor: String

    enum Outcome {
        case started(ApplicationModel)
        /// The state's active application to the call, begun before.
        case existing(ApplicationModel)
    }

    func run(on req: Request) async throws -> Outcome {
        if let existing = try await active(on: req.db) { return .existing(existing) }
        let application = ApplicationModel(callID: try call.requireID(), stateISO3: state, form: form, onBehalf: onBehalf, createdBy: actor)
        do {
            try await req.db.writeTransaction { db in
                try await application.create(on: db)
                try await req.audit("create", entity: "application", key: try application.requireID().uuidString,
                                    after: ["call": call.slug, "state": state, "on_behalf": onBehalf ? "yes" : "no"], on: db)
            }
        } catch where error.isConstraintViolation {
            if let existing = try await active(on: req.db) { return .existing(existing) }
            throw error
        }
        application.$call.value = call
        return .started(application)
    }

    private func active(on db: any Database) async throws -> ApplicationModel? {
        try await ApplicationModel.query(on: db).filter(\.$call.$id == call.requireID()).filter(\.$stateISO3 == state)
            .filter(\.$status !~ [ApplicationStatus.notAccepted.rawValue, ApplicationStatus.withdrawn.rawValue]).first()
    }
}
