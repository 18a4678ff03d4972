import Fluent
import Foundation
import TandemCore
import Vapor

/// `/api/v1/applications`: a focal point's applications for their State Party, and the Secretariat's for
/// every state (entered from paper forms, marked as such). Reading needs a token; changing needs a write
/// token and the right to edit that state's records.
struct ApplicationsAPIController: RouteCollection {
    struct ProblemDTO: Content {
        let section: Int
        let field: String
        let message: String
    }

    struct HistoryDTO: Content {
        let from: String
        let to: String
        let by: String
        let at: String?
        let reasons: [String: String]
    }

    struct ApplicationDTO: Content {
        let id: String
        let call: String
        let state: String
        let status: String
        /// Sent back as `If-Match` with a change, so that a change made meanwhile is not overwritten.
        let version: Int
        let onBehalf: Bool
        let signedForm: String?
        let submittedAt: String?
        let form: ApplicationForm
        /// What keeps it from being submitted; empty when it can be.
        let problems: [ProblemDTO]
        let history: [HistoryDTO]
    }

    struct CreateInput: Decodable {
        let call: String
        let state: String
        let form: ApplicationForm?
    }

    struct UpdateInput: Decodable {
        let form: ApplicationForm
    }

    struct WithdrawInput: Decodable {
        let reason: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let applications = routes.grouped("api", "v1", "applications")
        let signedIn = applications.grouped(RequireMiddleware(.manageOwnAccount))
        signedIn.get(use: index)
        signedIn.get(":id", use: show)
        signedIn.get(":id", "signed-form", use: signedForm)
        signedIn.get(":id", "signed-forms", ":number", use: signedForm)
        let writing = applications.grouped(RequireAPIWriteMiddleware())
        writing.post(use: create)
        writing.put(":id", use: update)
        writing.on(.PUT, ":id", "signed-form", body: .collect(maxSize: ByteCount(value: UploadType.maximumBytes)), use: attach)
        writing.post(":id", "submit", use: submit)
        writing.post(":id", "withdraw", use: withdraw)
    }

    /// Those whose records the token's owner may read (one state's for a focal point, all for the Secretariat),
    /// newest first, a page at a time like every list of the API; the same few queries whatever their number.
    @Sendable func index(req: Request) async throws -> Paginated<ApplicationDTO> {
        let paging = try PageRequest(req.pageQuery)
        var query = ApplicationModel.query(on: req.db)
        if !AccessPolicy.decide(req.actor, .manageCalls).isAllowed {
            guard let state = req.currentUser?.stateISO3, AccessPolicy.decide(req.actor, .readStateRecords(state: state)).isAllowed else {
                return Paginated(items: [], total: 0, paging)
            }
            query = query.filter(\.$stateISO3 == state)
        }
        let total = try await query.count()
        let page = try await query.with(\.$call).sort(\.$createdAt, .descending).sort(\.$id)
            .range(paging.offset..<(paging.offset + paging.limit)).all()
        let histories = Dictionary(grouping: try await ApplicationStatusChangeModel.query(on: req.db)
            .filter(\.$application.$id ~~ page.map { try $0.requireID() }).sort(\.$at).all(), by: \.$application.id)
        let programme = try await req.partnerships.all()
        return Paginated(items: try page.map { application in
            try dto(application, req, history: histories[try application.requireID()] ?? [], programme: programme)
        }, total: total, paging)
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await tagged(try await target(req, .read), req)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let input = try decode(CreateInput.self, req)
        guard let state = req.states[input.state] else {
            throw Self.invalid(["state": "\(input.state) is not a State Party."])
        }
        guard AccessPolicy.decide(req.actor, .editStateRecords(state: state.iso3)).isAllowed, let user = req.currentUser else {
            throw APIError(status: .forbidden, code: "forbidden", message: "You may not write applications for \(state.iso3).")
        }
        guard let callModel = try await CallModel.query(on: req.db).filter(\.$slug == input.call).first(),
              try callModel.value().status == .open else {
            throw Self.invalid(["call": "No open call has the address \(input.call)."])
        }
        if let problems = input.form?.boundProblems, !problems.isEmpty { throw Self.invalid(problems, req) }
        let start = StartApplication(call: callModel, state: state.iso3, form: input.form ?? ApplicationForm(),
                                     onBehalf: Role(rawValue: user.role) != .focalPoint, actor: user.email)
        switch try await start.run(on: req) {
        case .existing(let existing):
            throw APIError(status: .conflict, code: "conflict",
                           message: "\(state.iso3) already has an application to this call (\(try existing.requireID().uuidString)); a state may have one per call.")
        case .started(let application):
            return try await dto(application, req).encodeResponse(status: .created, for: req)
        }
    }

    /// Replaces the form of a draft, or of an application returned for completion; with `If-Match`, only if
    /// nobody changed it since that version (412 otherwise).
    @Sendable func update(req: Request) async throws -> Response {
        let application = try await target(req, .edit)
        let input = try decode(UpdateInput.self, req)
        let basedOn = try req.headers.first(name: .ifMatch).flatMap(Self.version(ifMatch:))
        switch try await SaveApplication(applicationID: try application.requireID(), form: input.form, basedOn: basedOn).run(on: req) {
        case .saved(let saved), .unchanged(let saved):
            return try await tagged(saved, req)
        case .stale:
            throw ChangeConflict(entity: "application")
        case .outOfBounds(let problems):
            throw Self.invalid(problems, req)
        }
    }

    /// `"3"`, `W/"3"` or `3`: the version a client read; `*` asks only that the application exists.
    static func version(ifMatch: String) throws -> Int? {
        let text = ifMatch.trimmingCharacters(in: .whitespaces)
        if text == "*" { return nil }
        let bare = (text.hasPrefix("W/") ? String(text.dropFirst(2)) : text).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(bare) else {
            throw APIError(status: .badRequest, code: "invalid_header", message: "If-Match must be the ETag of the record read, such as \"3\".")
        }
        return version
    }

    /// The application as JSON, with its version as the ETag.
    private func tagged(_ application: ApplicationModel, _ req: Request) async throws -> Response {
        let response = try await dto(application, req).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .eTag, value: "\"\(application.version)\"")
        return response
    }

    /// The form signed by the Head of the National Authority: a PDF, PNG or JPEG of at most 10 MB.
    @Sendable func attach(req: Request) async throws -> ApplicationDTO {
        let application = try await target(req, .edit)
        guard let body = req.body.data, body.readableBytes > 0 else {
            throw Self.invalid(["signedForm": "Send the file as the body."])
        }
        guard let type = UploadType.detect(body.readableBytesView) else {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type",
                           message: "The signed form must be a PDF, PNG or JPEG file.")
        }
        let attach = AttachSignedForm(applicationID: try application.requireID(), bytes: body, type: type, actor: req.currentUser?.email ?? "")
        guard case .attached = try await attach.run(on: req) else {
            throw APIError(status: .conflict, code: "not_editable", message: "The application was submitted or decided meanwhile; the file was not kept.")
        }
        return try await dto(try await target(req, .read), req)
    }

    /// The latest signed form, or one upload by its number, streamed as it was sent.
    @Sendable func signedForm(req: Request) async throws -> Response {
        let application = try await target(req, .read)
        let uploads = try await SignedForms.versions(of: application, on: req.db)
        let wanted = req.parameters.get("number").map { text in Int(text).flatMap { number in uploads.first { $0.number == number } } } ?? uploads.last
        guard let upload = wanted else { throw APIError.notFound("No signed form has been uploaded with this number.") }
        return try await SignedForms.serve(upload, of: application, req)
    }

    /// Submits only a complete application; otherwise 422 with every problem by field.
    @Sendable func submit(req: Request) async throws -> ApplicationDTO {
        let application = try await target(req, .edit)
        let check = try await req.applications.check(application)
        let problems = check.problems(try application.value())
        guard problems.isEmpty else {
            throw APIError(status: .unprocessableEntity, code: "incomplete",
                           message: "The application is not complete: \(problems.count) item(s) to finish; see fields.",
                           fields: Dictionary(problems.map { ($0.field, Self.message($0, req)) }, uniquingKeysWith: { first, _ in first }))
        }
        try await ApplicationSubmission.submit(application, by: req.currentUser?.email ?? "", on: req)
        return try await dto(application, req)
    }

    /// Takes the application back; the body, with an optional `reason`, may be left out.
    @Sendable func withdraw(req: Request) async throws -> ApplicationDTO {
        let application = try await target(req, .withdraw)
        let reason = req.body.data.map { $0.readableBytes > 0 } == true ? try decode(WithdrawInput.self, req).reason : nil
        if let refusal = try await req.applicationWithdrawal.refusal(application) {
            throw APIError(status: .conflict, code: "not_withdrawable", message: req.localizer.text(refusal, .en))
        }
        try await req.applicationWithdrawal.withdraw(application, reason: reason ?? "")
        return try await dto(application, req)
    }

    // MARK: - Helpers

    enum Need { case read, edit, withdraw }

    /// The application, if the token's owner may read (or edit, while it is editable) its state's records.
    private func target(_ req: Request, _ need: Need) async throws -> ApplicationModel {
        guard let application = try await req.applications.find(req.parameters.get("id")) else {
            throw APIError.notFound("No application has this id.")
        }
        let action: Action = need == .read ? .readStateRecords(state: application.stateISO3) : .editStateRecords(state: application.stateISO3)
        guard AccessPolicy.decide(req.actor, action).isAllowed else {
            throw APIError(status: .forbidden, code: "forbidden", message: "This application belongs to another State Party's records.")
        }
        if try need == .edit && !application.applicationStatus.isEditable {
            throw APIError(status: .conflict, code: "not_editable",
                           message: "The application is \(application.status); it can be changed only as a draft or when returned for completion.")
        }
        return application
    }

    private func decode<T: Decodable>(_ type: T.Type, _ req: Request) throws -> T {
        do {
            return try req.content.decode(T.self, as: .json)
        } catch {
            throw APIError(status: .badRequest, code: "invalid_body", message: "The body does not have the shape the OpenAPI document gives: \(error)")
        }
    }

    static func invalid(_ fields: [String: String]) -> APIError {
        APIError(status: .unprocessableEntity, code: "invalid_input", message: "Some fields are not valid; see fields.", fields: fields)
    }

    static func invalid(_ problems: [ApplicationProblem], _ req: Request) -> APIError {
        invalid(Dictionary(problems.map { ($0.field, message($0, req)) }) { first, _ in first })
    }

    static func message(_ problem: ApplicationProblem, _ req: Request) -> String {
        ApplicationChecklist(localizer: req.localizer, language: .en, form: ApplicationForm()).message(problem)
    }

    private func dto(_ application: ApplicationModel, _ req: Request) async throws -> ApplicationDTO {
        try dto(application, req, history: try await req.applications.history(application), programme: try await req.partnerships.all())
    }

    private func dto(_ application: ApplicationModel, _ req: Request, history: [ApplicationStatusChangeModel],
                     programme: [Partnership]) throws -> ApplicationDTO {
        let form = try application.value()
        let problems = try application.applicationStatus.isEditable ? try req.applications.check(application, history: programme).problems(form) : []
        return ApplicationDTO(
            id: try application.requireID().uuidString, call: application.call.slug, state: application.stateISO3,
            status: application.status, version: application.version, onBehalf: application.onBehalf, signedForm: application.signedFormType,
            submittedAt: application.submittedAt.map { $0.formatted(.iso8601) }, form: form,
            problems: problems.map { ProblemDTO(section: $0.section, field: $0.field, message: Self.message($0, req)) },
            history: history.map {
                HistoryDTO(from: $0.fromStatus, to: $0.toStatus, by: $0.by, at: $0.at.map { $0.formatted(.iso8601) },
                           reasons: (try? JSONDecoder().decode([String: String].self, from: Data($0.reasons.utf8))) ?? [:])
            })
    }
}
