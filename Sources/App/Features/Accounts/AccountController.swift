import Fluent
import TandemCore
import Vapor

/// Signing in and out, and the account page with its sessions and API tokens.
struct AccountController: RouteCollection {
    struct SignInForm: Content {
        var email: String?
        var password: String?
    }

    struct SignInPage: Encodable {
        let csrf: String
        let email: String
        let error: String?
    }

    struct AccountPage: Encodable {
        struct SessionRow: Encodable {
            let browser: String
            let address: String
            let lastSeen: String
            let current: Bool
        }
        struct TokenRow: Encodable {
            let id: String
            let name: String
            let scope: String
            let created: String
            let lastUsed: String
        }
        let csrf: String
        let name: String
        let email: String
        let role: String
        let state: String?
        let sessions: [SessionRow]
        let tokens: [TokenRow]
        /// A token just made: shown this once, never again.
        let newToken: String?
        let tokenNameError: String?
    }

    struct TokenForm: Content {
        var name: String?
        var scope: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped("account")
        account.get("sign-in", use: signInPage)
        account.post("sign-in", use: signIn)
        account.post("sign-out", use: signOut)
        account.post("sign-out-everywhere", use: signOutEverywhere)
        account.post("tokens", use: createToken)
        account.post("tokens", ":id", "revoke", use: revokeToken)
        account.get(use: accountPage)
    }

    @Sendable func signInPage(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: "/account") }
        return try await renderSignIn(req, email: "", error: nil, status: .ok)
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        let address = req.remoteAddress?.ipAddress ?? "unknown"
        let throttle = SignInThrottle(database: req.db, now: req.application.clock.now())
        if let wait = try await throttle.wait(email: email, address: address) {
            let minutes = String(Int((wait / 60).rounded(.up)))
            let response = try await renderSignIn(req, email: form.email ?? "",
                                                  error: req.localizer.text("account_locked", req.language, ["minutes": minutes]),
                                                  status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(wait.rounded(.up))))
            return response
        }
        let user = try await UserModel.query(on: req.db).filter(\.$email == email).first()
        // The same work and the same answer whether or not the email is known: nothing to learn from either.
        let hash = user.flatMap { $0.passwordHash.isEmpty ? nil : $0.passwordHash } ?? req.application.decoyPasswordHash
        let matches = (try? await req.password.async.verify(password, created: hash)) ?? false
        guard let user, user.isActive, matches, !user.passwordHash.isEmpty else {
            try await throttle.recordFailure(email: email, address: address)
            return try await renderSignIn(req, email: form.email ?? "", error: req.text("account_sign_in_failed"),
                                          status: .unauthorized)
        }
        try await throttle.recordSuccess(email: email)
        let response = req.redirect(to: "/account", redirectType: .normal)
        try await Sessions.start(for: user, on: req, response: response)
        try await AuditLog.record(on: req.db, actor: user.email, action: "sign_in", entity: "user", key: user.email,
                                  before: String?.none, after: req.remoteAddress?.ipAddress)
        return response
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        let response = req.redirect(to: "/", redirectType: .normal)
        try await Sessions.end(on: req, response: response)
        if let user = req.currentUser {
            try await AuditLog.record(on: req.db, actor: user.email, action: "sign_out", entity: "user", key: user.email,
                                      before: String?.none, after: String?.none)
        }
        return response
    }

    /// Ends every session of the signed-in person, on every browser and every server instance.
    @Sendable func signOutEverywhere(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/account/sign-in") }
        let response = req.redirect(to: "/account/sign-in", redirectType: .normal)
        try await SessionModel.query(on: req.db).filter(\.$user.$id == user.requireID()).delete()
        response.cookies[Request.sessionCookie] = .expired(secure: req.application.config.isSecure)
        try await AuditLog.record(on: req.db, actor: user.email, action: "sign_out_everywhere", entity: "user", key: user.email,
                                  before: String?.none, after: String?.none)
        return response
    }

    @Sendable func accountPage(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/account/sign-in") }
        return try await renderAccount(req, user: user, newToken: nil, tokenNameError: nil, status: .ok)
    }

    /// Makes a personal API token and shows it once on the account page.
    @Sendable func createToken(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/account/sign-in") }
        let form = try req.content.decode(TokenForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else {
            return try await renderAccount(req, user: user, newToken: nil, tokenNameError: req.text("tokens_name_needed"),
                                           status: .unprocessableEntity)
        }
        let scope = APITokenModel.Scope(rawValue: form.scope ?? "") ?? .read
        let (token, secret) = APITokenModel.make(for: try user.requireID(), name: name, scope: scope)
        try await req.db.transaction { db in
            try await token.create(on: db)
            try await AuditLog.record(on: db, actor: user.email, action: "create", entity: "api_token", key: name,
                                      before: String?.none, after: ["scope": scope.rawValue])
        }
        return try await renderAccount(req, user: user, newToken: secret, tokenNameError: nil, status: .created)
    }

    @Sendable func revokeToken(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/account/sign-in") }
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let token = try await APITokenModel.query(on: req.db).filter(\.$id == id)
                  .filter(\.$user.$id == user.requireID()).first() else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        try await req.db.transaction { db in
            token.revokedAt = req.application.clock.now()
            try await token.save(on: db)
            try await AuditLog.record(on: db, actor: user.email, action: "revoke", entity: "api_token", key: token.name,
                                      before: String?.none, after: String?.none)
        }
        return req.redirect(to: "/account", redirectType: .normal)
    }

    private func renderAccount(_ req: Request, user: UserModel, newToken: String?, tokenNameError: String?,
                               status: HTTPStatus) async throws -> Response {
        let language = req.language
        let currentHash = req.cookies[Request.sessionCookie].map { SecretToken.hash($0.string) }
        let sessions = try await SessionModel.query(on: req.db).filter(\.$user.$id == user.requireID())
            .sort(\.$lastSeenAt, .descending).all()
        let page = AccountPage(
            csrf: req.csrfToken, name: user.displayName, email: user.email,
            role: req.localizer.text("role_name_" + user.role, language),
            state: user.stateISO3.map { req.states.name($0, in: language) },
            sessions: sessions.map {
                .init(browser: $0.userAgent.isEmpty ? "—" : $0.userAgent, address: $0.address.isEmpty ? "—" : $0.address,
                      lastSeen: AuditLogController.timestamp($0.lastSeenAt), current: $0.tokenHash == currentHash)
            },
            tokens: try await APITokenModel.query(on: req.db).filter(\.$user.$id == user.requireID())
                .filter(\.$revokedAt == nil).sort(\.$createdAt, .descending).all().map {
                    .init(id: try $0.requireID().uuidString, name: $0.name,
                          scope: req.localizer.text("tokens_scope_" + $0.scope, language),
                          created: AuditLogController.timestamp($0.createdAt),
                          lastUsed: $0.lastUsedAt.map { AuditLogController.timestamp($0) } ?? "—")
                },
            newToken: newToken,
            tokenNameError: tokenNameError)
        return try await req.renderPage("account/index", title: req.text("account_title"), page)
            .encodeResponse(status: status, for: req)
    }

    // MARK: - Helpers

    private func renderSignIn(_ req: Request, email: String, error: String?, status: HTTPStatus) async throws -> Response {
        let page = SignInPage(csrf: req.csrfToken, email: email, error: error)
        return try await req.renderPage("account/sign-in", title: req.text("account_sign_in"), page)
            .encodeResponse(status: status, for: req)
    }
}
