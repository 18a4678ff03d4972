import Fluent
import Vapor

/// `/kept-forms/{secret}`: after signing in again, the form a person sent while signed out, every value as they
/// typed it, with a button that sends it where it was going.
struct KeptFormsController: RouteCollection {
    struct Field: Encodable {
        let name: String
        let value: String
    }

    struct Page: Encodable {
        let action: String
        let fields: [Field]
        /// What they typed, to read before sending (long texts shortened).
        let preview: [Field]
        let csrf: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("kept-forms").grouped(RequireMiddleware(.manageOwnAccount)).get(":secret", use: show)
    }

    @Sendable func show(req: Request) async throws -> View {
        let hash = SecretToken.hash(req.parameters.get("secret") ?? "")
        let oldest = req.application.clock.now().addingTimeInterval(-KeptForms.lifetime)
        guard let browser = KeptForms.browserHash(req),
              let kept = try await KeptFormModel.query(on: req.db).filter(\.$tokenHash == hash).filter(\.$browserHash == browser)
                .filter(\.$createdAt >= oldest).first() else {
            throw Abort(.notFound, reason: req.text("kept_form_gone"))
        }
        let fields = KeptForms.fields(of: kept.body).map { Field(name: $0.name, value: $0.value) }
        let preview = fields.filter { !$0.value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && $0.name != "action" && $0.name != "version" }
            .prefix(40).map { Field(name: $0.name, value: $0.value.count > 300 ? String($0.value.prefix(300)) + "…" : $0.value) }
        return try await req.renderPage("kept-forms/show", title: req.text("kept_form_title"),
                                        Page(action: kept.path, fields: fields, preview: Array(preview), csrf: req.csrfToken))
    }
}
