import Fluent
import TandemCore
import Vapor

/// Writing an application on the web: starting one from a call's page, the long form saved as a draft at
/// every press of a button, the signed form's upload, and submission once the checklist is empty.
struct ApplicationEditingController: RouteCollection {
    struct StartForm: Content {
        var state: String?
        /// An earlier application of the same state to start from, as the call asks those who applied before to do.
        var from: String?
    }

    struct SignedFormUpload: Content {
        var file: File?
    }

    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireMiddleware(.manageOwnAccount))
        signedIn.post("programme", "calls", ":slug", "apply", use: start)
        signedIn.get("applications", ":id", "edit", use: edit)
        signedIn.post("applications", ":id", "edit", use: save)
        // Up to three times the limit is read, so a file a little too large is answered by the field, not by a bare 413.
        signedIn.on(.POST, "applications", ":id", "signed-form", body: .collect(maxSize: ByteCount(value: UploadType.readLimit)),
                    use: upload)
    }

    /// A focal point starts their State Party's application; the Secretariat names the state of a paper form.
    /// A state that already has one is taken to it.
    @Sendable func start(req: Request) async throws -> Response {
        guard let user = req.currentUser else { throw Abort(.unauthorized) }
        let sent = try req.content.decode(StartForm.self)
        let requested = sent.state ?? user.stateISO3 ?? ""
        guard AccessPolicy.decide(req.actor, .editStateRecords(state: requested.uppercased())).isAllowed else {
            throw Abort(.forbidden, reason: req.text("error_403_message"))
        }
        guard let state = req.states[requested] else { throw Abort(.unprocessableEntity, reason: req.text("application_choose_state")) }
        guard let call = try await CallModel.query(on: req.db).filter(\.$slug == (req.parameters.get("slug") ?? "")).first(),
              try call.value().status == .open else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        var form = ApplicationForm()
        form.emails = [user.email]
        form.contactPerson = Role(rawValue: user.role) == .focalPoint ? user.displayName : ""
        if let earlier = try await req.applications.find(sent.from), earlier.stateISO3 == state.iso3, earlier.$call.id != call.id {
            form = try earlier.value().startingAgain()
        }
        let start = StartApplication(call: call, state: state.iso3, form: form, onBehalf: Role(rawValue: user.role) != .focalPoint,
                                     actor: user.email)
        switch try await start.run(on: req) {
        case .existing(let existing):
            return req.redirect(to: "/applications/\(try existing.requireID().uuidString)", redirectType: .normal)
        case .started(let application):
            return req.redirect(to: "/applications/\(try application.requireID().uuidString)/edit", redirectType: .normal)
        }
    }

    /// An application that can no longer be edited (submitted, perhaps by a colleague) leads to its own page, which
    /// says why, rather than to an error.
    @Sendable func edit(req: Request) async throws -> Response {
        let application = try await Self.authorised(req)
        guard try application.applicationStatus.isEditable else {
            return req.redirect(to: "/applications/\(try application.requireID().uuidString)", confirming: "done_application_not_editable")
        }
        let form = try application.value()
        let problems = try await req.applications.check(application).problems(form)
        return try await render(req, application, form: form, problems: problems, notice: nil, showErrors: false, status: .ok)
    }

    /// Saves whatever was typed, then does what the pressed button asks: add or remove a row, or submit. A page
    /// that started from an older version than the one stored comes back with the writer's text and, beside each
    /// field, what was saved meanwhile.
    @Sendable func save(req: Request) async throws -> Response {
        let application = try await Self.editable(req)
        let fields = try req.content.decode(ApplicationFields.self)
        let call = try application.call.value()
        var form = fields.form(areaOrder: call.thematicAreas.map(\.key))
        let action = fields.action ?? "save"
        ApplicationFields.apply(action, to: &form)
        let basedOn = try fields.version.map(StoredVersion.sent)
        let unreadable = fields.unreadableDays
        guard unreadable.isEmpty else {
            if action == "autosave" { throw APIError.outOfBounds(req) }
            form.signedFormAttached = application.signedFormFile != nil
            let problems = unreadable + (try await req.applications.check(application).problems(form))
            return try await render(req, application, form: form, problems: problems, notice: req.text("form_not_saved_bounds"),
                                    showErrors: true, typed: fields.typedDays, status: .unprocessableEntity)
        }
        let saved: ApplicationModel
        switch try await SaveApplication(applicationID: try application.requireID(), form: form, basedOn: basedOn).run(on: req) {
        case .saved(let model), .unchanged(let model):
            saved = model
        case .stale(let current):
            // The page's script keeps the text in the browser and says so; it must not save over the other person's.
            if action == "autosave" { throw ChangeConflict(entity: "application") }
            form.signedFormAttached = current.signedFormFile != nil
            let meanwhile = try SavedMeanwhile.fields(mine: form, saved: try current.value())
            let problems = try await req.applications.check(current).problems(form)
            return try await render(req, current, form: form, problems: problems, notice: req.text("application_saved_meanwhile"),
                                    showErrors: false, savedMeanwhile: meanwhile, stale: true, status: .conflict)
        case .outOfBounds(let bounds):
            if action == "autosave" { throw APIError.outOfBounds(req) }
            form.signedFormAttached = application.signedFormFile != nil
            let problems = bounds + (try await req.applications.check(application).problems(form))
            return try await render(req, application, form: form, problems: problems, notice: req.text("form_not_saved_bounds"),
                                    showErrors: true, status: .unprocessableEntity)
        }
        // The page's script saves in the background; it needs only the version to send next time.
        if action == "autosave" {
            return Response(status: .noContent, headers: ["X-Version": String(saved.version)])
        }
        form.signedFormAttached = saved.signedFormFile != nil
        let problems = try await req.applications.check(saved).problems(form)
        if action == "submit" {
            guard problems.isEmpty else {
                return try await render(req, saved, form: form, problems: problems, notice: req.text("application_not_yet"),
                                        showErrors: true, status: .unprocessableEntity)
            }
            try await ApplicationSubmission.submit(saved, by: req.currentUser?.email ?? "", on: req)
            return req.redirect(to: "/applications/\(try saved.requireID().uuidString)", confirming: "done_application_submitted")
        }
        return try await render(req, saved, form: form, problems: problems, notice: req.text("application_draft_saved"),
                                showErrors: false, status: .ok)
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let application = try await Self.editable(req)
        let form = try application.value()
        func refuse(_ key: String, _ status: HTTPStatus) async throws -> Response {
            let problems = try await req.applications.check(application).problems(form)
            return try await render(req, application, form: form, problems: problems, notice: nil, showErrors: false,
                                    uploadError: req.text(key), status: status)
        }
        guard let file = try? req.content.decode(SignedFormUpload.self).file, file.data.readableBytes > 0 else {
            return try await refuse("application_file_needed", .unprocessableEntity)
        }
        guard file.data.readableBytes <= UploadType.maximumBytes else { return try await refuse("application_file_too_large", .payloadTooLarge) }
        guard let type = UploadType.detect(file.data.readableBytesView) else { return try await refuse("application_file_kind", .unsupportedMediaType) }
        let id = try application.requireID()
        guard case .attached = try await AttachSignedForm(applicationID: id, bytes: file.data, type: type, actor: req.currentUser?.email ?? "").run(on: req) else {
            throw Abort(.conflict, reason: req.text("application_not_editable"))
        }
        return req.redirect(to: "/applications/\(id.uuidString)/edit#section-5", redirectType: .normal)
    }

    /// The application in the address, if this person may edit its State Party's records.
    private static func authorised(_ req: Request) async throws -> ApplicationModel {
        guard let application = try await req.applications.find(req.parameters.get("id")) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        guard AccessPolicy.decide(req.actor, .editStateRecords(state: application.stateISO3)).isAllowed else {
            throw Abort(.forbidden, reason: req.text("error_403_message"))
        }
        return application
    }

    /// The application in the address, if this person may edit it and it is still editable.
    private static func editable(_ req: Request) async throws -> ApplicationModel {
        let application = try await authorised(req)
        guard try application.applicationStatus.isEditable else {
            throw Abort(.conflict, reason: req.text("application_not_editable"))
        }
        return application
    }

    private func render(_ req: Request, _ application: ApplicationModel, form: ApplicationForm, problems: [ApplicationProblem],
                        notice: String?, showErrors: Bool, savedMeanwhile: [String: String] = [:], uploadError: String? = nil,
                        typed: [String: String] = [:], stale: Bool = false, status: HTTPStatus) async throws -> Response {
        var page = try await ApplicationEditor.make(application, form: form, problems: problems, notice: notice, showErrors: showErrors,
                                                    savedMeanwhile: savedMeanwhile, req)
        page.values.merge(typed) { $1 }
        page.uploadError = uploadError
        page.stale = stale
        return try await req.renderPage("applications/edit", title: req.localizer.text("application_title", req.language, ["state": page.state]), page)
            .encodeResponse(status: status, for: req)
    }
}
