import Fluent
import TandemCore
import Vapor

/// One account, for administrators: its role and what the role is bound to (a State Party for a focal
/// point, an organisation for its member), its API tokens, and a reset of its two-factor sign-in.
struct UserDetailController: RouteCollection {
    struct RoleForm: Content {
        var role: String?
        var state: String?
        var organisation: String?
    }

    struct DetailPage: Encodable {
        let csrf: String
        let id: String
        let name: String
        let email: String
        let language: String
        let active: Bool
        let twoFactorOn: Bool
        let roles: [SelectOption]
        let states: [SelectOption]
        let organisations: [SelectOption]
        let errors: [String: String]
        let tokens: [APITokenRow]
    }

    func boot(routes: any RoutesBuilder) throws {
        let user = routes.grouped(RequireMiddleware(.manageUsers)).grouped("admin", "users", ":id")
        user.get(use: show)
        user.post("role", use: changeRole)
        user.post("tokens", ":token", "revoke", use: revokeToken)
        user.post("reset-two-factor", use: resetTwoFactor)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let user = try await Self.target(req)
        return try await render(req, user, form: RoleForm(role: user.role, state: user.stateISO3,
                                                          organisation: user.$organisation.id?.uuidString),
                                errors: [:], status: .ok)
    }

    /// A focal point needs their State Party and a member of an organisation its organisation; other roles
    /// keep neither. An administrator cannot change their own role, so there is always one left.
    @Sendable func changeRole(req: Request) async throws -> Response {
        let user = try await Self.target(req)
        let form = try req.content.decode(RoleForm.self)
        let role = form.role.flatMap(Role.init(rawValue:))
        let state = form.state.flatMap { req.states[$0] }?.iso3
        let organisation = try await form.organisation.flatMap(UUID.init(uuidString:))
            .asyncMap { try await OrganisationModel.find($0, on: req.db) }
        var errors: [String: String] = [:]
        if role == nil { errors["role"] = req.text("invite_role_needed") }
        if role == .focalPoint && state == nil { errors["state"] = req.text("invite_state_needed") }
        if role == .organisation && organisation == nil { errors["organisation"] = req.text("users_organisation_needed") }
        if user.id == req.currentUser?.id && role != Role(rawValue: user.role) { errors["role"] = req.text("users_cannot_change_own_role") }
        guard errors.isEmpty, let role else {
            return try await render(req, user, form: form, errors: errors, status: .unprocessableEntity)
        }
        let before = ["role": user.role, "state": user.stateISO3 ?? "", "organisation": user.$organisation.id?.uuidString ?? ""]
        try await req.db.writeTransaction { db in
            user.role = role.rawValue
            user.stateISO3 = role == .focalPoint ? state : nil
            user.$organisation.id = role == .organisation ? try organisation?.requireID() : nil
            try await user.save(on: db)
            try await req.audit("change_role", entity: "user", key: user.email, before: before,
                                after: ["role": user.role, "state": user.stateISO3 ?? "", "organisation": user.$organisation.id?.uuidString ?? ""],
                                on: db)
        }
        return req.redirect(to: "/admin/users/\(try user.requireID())", redirectType: .normal)
    }

    @Sendable func revokeToken(req: Request) async throws -> Response {
        let user = try await Self.target(req)
        guard let id = req.parameters.get("token").flatMap(UUID.init(uuidString:)),
              let token = try await APITokenModel.query(on: req.db).filter(\.$id == id)
                  .filter(\.$user.$id == user.requireID()).filter(\.$revokedAt == nil).first() else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        try await req.db.writeTransaction { db in
            token.revokedAt = req.application.clock.now()
            try await token.save(on: db)
            try await req.audit("revoke", entity: "api_token", key: token.name, after: ["user": user.email], on: db)
        }
        return req.redirect(to: "/admin/users/\(try user.requireID())", redirectType: .normal)
    }

    /// For someone who lost both their phone and their recovery codes: their sessions end, and their next
    /// sign-in sets up an authenticator again where their role requires one.
    @Sendable func resetTwoFactor(req: Request) async throws -> Response {
        let user = try await Self.target(req)
        try await req.db.writeTransaction { db in
            user.totpSecret = nil
            user.totpPendingSecret = nil
            user.totpLastStep = nil
            try await user.save(on: db)
            try await RecoveryCodeModel.query(on: db).filter(\.$user.$id == user.requireID()).delete()
            try await SessionModel.query(on: db).filter(\.$user.$id == user.requireID()).delete()
            try await req.audit("reset_two_factor", entity: "user", key: user.email, on: db)
        }
        return req.redirect(to: "/admin/users/\(try user.requireID())", redirectType: .normal)
    }

    static func target(_ req: Request) async throws -> UserModel {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let user = try await UserModel.find(id, on: req.db) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return user
    }

    private func render(_ req: Request, _ user: UserModel, form: RoleForm, errors: [String: String],
                        status: HTTPStatus) async throws -> Response {
        let language = req.language
        let localizer = req.localizer
        let page = DetailPage(
            csrf: req.csrfToken, id: try user.requireID().uuidString, name: user.displayName, email: user.email,
            language: localizer.text("language_name", Language(rawValue: user.language) ?? .en),
            active: user.isActive, twoFactorOn: user.totpSecret != nil,
            roles: Role.allCases.map {
                SelectOption(value: $0.rawValue, label: localizer.text("role_name_" + $0.rawValue, language), selected: $0.rawValue == form.role)
            },
            states: req.states.search(nil, group: nil, language: language).map {
                SelectOption(value: $0.iso3, label: $0.name(in: language), selected: $0.iso3 == form.state?.uppercased())
            },
            organisations: try await OrganisationModel.query(on: req.db).sort(\.$name).all().map {
                SelectOption(value: try $0.requireID().uuidString, label: $0.name,
                             selected: try $0.requireID().uuidString == form.organisation?.uppercased())
            },
            errors: errors,
            tokens: try await APITokenRow.live(of: user.requireID(), req))
        return try await req.renderPage("admin/user", title: user.displayName, page).encodeResponse(status: status, for: req)
    }
}

private extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
