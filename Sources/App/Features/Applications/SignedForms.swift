import Fluent
import Foundation
import TandemCore
import Vapor

/// The signed forms of an application, for its State Party's focal points and the Secretariat: the latest, or any
/// earlier upload by its number, streamed with its own media type. Shown in the page (`inline`) so the Secretariat
/// can check the signature and the seal where it reviews, or saved with `?download=1`.
struct SignedFormsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireMiddleware(.manageOwnAccount))
        signedIn.get("applications", ":id", "signed-form", use: latest)
        signedIn.get("applications", ":id", "signed-forms", ":number", use: numbered)
    }

    @Sendable func latest(req: Request) async throws -> Response {
        let application = try await SignedForms.readable(req)
        guard let upload = try await SignedForms.versions(of: application, on: req.db).last else {
            throw Abort(.notFound, reason: req.text("signed_form_none"))
        }
        return try await SignedForms.serve(upload, of: application, req)
    }

    @Sendable func numbered(req: Request) async throws -> Response {
        let application = try await SignedForms.readable(req)
        guard let number = req.parameters.get("number", as: Int.self),
              let upload = try await SignedForms.versions(of: application, on: req.db).first(where: { $0.number == number }) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return try await SignedForms.serve(upload, of: application, req)
    }
}

enum SignedForms {
    /// One upload as the application's pages list it.
    struct Line: Encodable, Sendable {
        let number: Int
        let href: String
        let downloadHref: String
        let kind: String
        let size: String
        let by: String
        let at: String
    }

    static func versions(of application: ApplicationModel, on db: any Database) async throws -> [SignedFormModel] {
        try await SignedFormModel.query(on: db).filter(\.$application.$id == application.requireID()).sort(\.$number).all()
    }

    static func lines(_ uploads: [SignedFormModel], of application: ApplicationModel, _ req: Request) throws -> [Line] {
        let base = "/applications/\(try application.requireID().uuidString)/signed-forms/"
        return uploads.reversed().map { upload in
            Line(number: upload.number, href: base + String(upload.number), downloadHref: base + "\(upload.number)?download=1",
                 kind: UploadType(rawValue: upload.type).map { $0.fileExtension.uppercased() } ?? upload.type,
                 size: upload.bytes > 0 ? req.localizer.text("signed_form_size", req.language, ["size": req.language.format(max(1, (upload.bytes + 1023) / 1024))]) : "",
                 by: upload.uploadedBy, at: req.language.formatMoment(upload.uploadedAt))
        }
    }

    /// The application in the address, if this person may read its State Party's records.
    static func readable(_ req: Request) async throws -> ApplicationModel {
        guard let application = try await req.applications.find(req.parameters.get("id")) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        guard AccessPolicy.decide(req.actor, .readStateRecords(state: application.stateISO3)).isAllowed else {
            throw Abort(.forbidden, reason: req.text("error_403_message"))
        }
        return application
    }

    /// Streams the file, for its state and the Secretariat only.
    static func serve(_ upload: SignedFormModel, of application: ApplicationModel, _ req: Request) async throws -> Response {
        let type = UploadType(rawValue: upload.type) ?? .pdf
        let call = (try? application.call.value().slug) ?? "application"
        return try await req.application.uploads.serve(upload.file, type: type,
                                                       as: "\(application.stateISO3)-\(call)-signed-form-\(upload.number).\(type.fileExtension)", req)
    }
}
