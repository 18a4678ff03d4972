import Fluent
import TandemCore
import Vapor

/// The National Authority's contact details on a State Party's profile, kept by that state's focal
/// points and by the Secretariat. A focal point of another state gets 403, whatever link they follow.
struct NationalAuthorityController: RouteCollection {
    struct AuthorityForm: Content {
        var name: String?
        var address: String?
        var email: String?
        var phone: String?
        var website: String?
        /// The version the form was drawn from; absent from the API, which may send `If-Match` instead.
        var version: String?

        init(name: String? = nil, address: String? = nil, email: String? = nil, phone: String? = nil, website: String? = nil) {
            self.name = name
            self.address = address
            self.email = email
            self.phone = phone
            self.website = website
        }

        init(_ model: NationalAuthorityModel) {
            self.init(name: model.name, address: model.address, email: model.email, phone: model.phone, website: model.website)
            version = String(model.version)
        }

        func trimmed(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

        /// The details alone, as they would be stored: what two versions are compared on.
        var content: AuthorityForm {
            AuthorityForm(name: trimmed(name), address: trimmed(address), email: trimmed(email), phone: trimmed(phone), website: trimmed(website))
        }

        /// Every problem at once, by field, as locale keys.
        var problems: [String: String] {
            var problems: [String: String] = [:]
            let name = trimmed(name)
            if name.isEmpty || name.count > 200 { problems["name"] = "authority_name_needed" }
            if trimmed(address).count > 500 { problems["address"] = "authority_address_too_long" }
            let email = trimmed(email)
            if !email.isEmpty && (!MailAddress(email).isPlausible || email.count > 254) { problems["email"] = "invite_email_invalid" }
            if trimmed(phone).count > 50 { problems["phone"] = "authority_phone_too_long" }
            let website = trimmed(website)
            if !website.isEmpty && (!(website.hasPrefix("https://") || website.hasPrefix("http://")) || website.count > 300
                                    || website.contains(where: \.isWhitespace)) {
                problems["website"] = "authority_website_invalid"
            }
            return problems
        }
    }

    struct EditPage: Encodable {
        let csrf: String
        let stateName: String
        let iso3: String
        let form: AuthorityForm
        let errors: [String: String]
        var notice: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let editing = routes.grouped(RequireMiddleware { req in
            .editStateRecords(state: (req.parameters.get("iso3") ?? "").uppercased())
        })
        editing.get("states", ":iso3", "national-authority", "edit", use: edit)
        editing.post("states", ":iso3", "national-authority", use: save)
    }

    @Sendable func edit(req: Request) async throws -> Response {
        let state = try Self.state(req)
        let existing = try await Self.authority(state.iso3, on: req.db)
        return try await render(req, state, form: existing.map(AuthorityForm.init) ?? AuthorityForm(), errors: [:], status: .ok)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let state = try Self.state(req)
        let form = try req.content.decode(AuthorityForm.self)
        let problems = form.problems
        guard problems.isEmpty else {
            return try await render(req, state, form: form, errors: problems.mapValues { req.text($0) }, status: .unprocessableEntity)
        }
        do {
            try await Self.store(form, for: state, on: req)
        } catch is ChangeConflict {
            // Saved by someone else after this form was drawn: it comes back as typed, with what they saved under
            // each field that differs, and the version to send next.
            let saved = try await Self.authority(state.iso3, on: req.db).map(AuthorityForm.init) ?? AuthorityForm()
            var typed = form
            typed.version = saved.version
            let meanwhile = try SavedMeanwhile.fields(mine: form.content, saved: saved.content).mapValues { value in
                value.isEmpty ? req.text("change_saved_meanwhile_empty") : req.localizer.text("change_saved_meanwhile", req.language, ["value": value])
            }
            return try await render(req, state, form: typed, errors: meanwhile, status: .conflict, notice: req.text("authority_saved_meanwhile"))
        }
        return req.redirect(to: "/states/\(state.iso3)#national-authority", confirming: "done_authority_saved")
    }

    /// Saves checked details, creating the record on first use, and audits the change: for the page and the API.
    @discardableResult
    static func store(_ form: AuthorityForm, for state: StateParty, on req: Request) async throws -> NationalAuthorityModel {
        try await req.db.writeTransaction { db in
            let authority = try await Self.authority(state.iso3, on: db) ?? NationalAuthorityModel(stateISO3: state.iso3)
            let before = authority.id == nil ? nil : AuthorityForm(authority)
            if let id = authority.id {
                // Only the version the form was drawn from, and only if nobody saved since it was read.
                if let sent = form.version, try StoredVersion.sent(sent) != authority.version { throw ChangeConflict(entity: "national_authority") }
                authority.version = try await db.claim(NationalAuthorityModel.schema, id: id, version: authority.version, entity: "national_authority")
            }
            authority.name = form.trimmed(form.name)
            authority.address = form.trimmed(form.address)
            authority.email = form.trimmed(form.email).lowercased()
            authority.phone = form.trimmed(form.phone)
            authority.website = form.trimmed(form.website)
            try await authority.save(on: db)
            try await req.audit(before == nil ? "create" : "update", entity: "national_authority", key: state.iso3,
                                before: before, after: AuthorityForm(authority), on: db)
            return authority
        }
    }

    static func authority(_ iso3: String, on db: any Database) async throws -> NationalAuthorityModel? {
        try await NationalAuthorityModel.query(on: db).filter(\.$stateISO3 == iso3).first()
    }

    static func state(_ req: Request) throws -> StateParty {
        guard let state = req.states[req.parameters.get("iso3") ?? ""] else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return state
    }

    private func render(_ req: Request, _ state: StateParty, form: AuthorityForm, errors: [String: String],
                        status: HTTPStatus, notice: String? = nil) async throws -> Response {
        let name = state.name(in: req.language)
        let page = EditPage(csrf: req.csrfToken, stateName: name, iso3: state.iso3, form: form, errors: errors, notice: notice)
        return try await req.renderPage("national-authorities/edit", title: req.localizer.text("authority_edit_title", req.language, ["state": name]), page)
            .encodeResponse(status: status, for: req)
    }
}
