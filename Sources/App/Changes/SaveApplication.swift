import Fluent
import Foundation
import TandemCore
import Vapor

/// A draft application (or one returned for completion) saved with what its writer typed. The writer's page
/// says which version it started from; if someone saved the application since, nothing is written and the
/// saved version comes back, so the page can show both and the writer can merge. The write is guarded on the
/// version and the status read, so a save cannot land on an application submitted or saved meanwhile.
struct SaveApplication {
    let applicationID: UUID
    let form: ApplicationForm
    /// The version the writer's page or client started from; nil when it did not say.
    let basedOn: Int?

    enum Outcome {
        case saved(ApplicationModel)
        /// Nothing differed from what is stored.
        case unchanged(ApplicationModel)
        /// Someone saved it after the writer's version: nothing was written.
        case stale(saved: ApplicationModel)
        /// Something typed is past its bound (`FormBounds`): nothing was written.
        case outOfBounds([ApplicationProblem])
    }

    func run(on req: Request) async throws -> Outcome {
        let application = try await Self.load(applicationID, req)
        guard try application.applicationStatus.isEditable else {
            throw Abort(.conflict, reason: req.text("application_not_editable"))
        }
        if let basedOn, basedOn != application.version { return .stale(saved: application) }
        let bounds = form.boundProblems
        guard bounds.isEmpty else { return .outOfBounds(bounds) }
        // A stored form Tandem cannot read is a fault to look into, not something to write over.
        _ = try application.value()
        let before = application.form
        application.setForm(form)
        guard application.form != before else { return .unchanged(application) }
        do {
            try await req.db.writeTransaction { db in
                application.version = try await db.claim(ApplicationModel.schema, id: applicationID, version: application.version,
                                                         expecting: ["status": application.status], entity: "application")
                try await application.save(on: db)
                try await req.audit("update", entity: "application", key: applicationID.uuidString, before: before, after: application.form,
                                    on: db)
            }
        } catch is ChangeConflict {
            return .stale(saved: try await Self.load(applicationID, req))
        }
        return .saved(application)
    }

    private static func load(_ id: UUID, _ req: Request) async throws -> ApplicationModel {
        guard let application = try await ApplicationModel.query(on: req.db).filter(\.$id == id).with(\.$call).first() else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return application
    }
}
