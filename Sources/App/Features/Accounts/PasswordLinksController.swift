import Fluent
import TandemCore
import Vapor

/// The single-use links that set a password: the invitation's first one (`/account/welcome/…`) and a
/// forgotten one's replacement (`/account/reset/…`), and the form that asks for a reset link.
struct PasswordLinksController: RouteCollection {
    struct PasswordForm: Content {
        var password: String?
        var confirmation: String?
    }

    struct EmailForm: Content {
        var email: String?
    }

    struct SetPasswordPage: Encodable {
        let csrf: String
        let title: String
        let intro: String
        let email: String
        let action: String
        let passwordError: String?
        let confirmationError: String?
    }

    struct ResetRequestPage: Encodable {
        let csrf: String
        let email: String
        let sent: Bool
    }

    /// At most this many reset links per account per hour, so the form cannot be used to flood a mailbox.
    static let resetsPerHour = 3

    func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped("account")
        account.get("welcome", ":token", use: { try await self.passwordPage($0, .invitation) })
        account.post("welcome", ":token", use: { try await self.setPassword($0, .invitation) })
        account.get("reset", use: resetRequestPage)
        account.post("reset", use: requestReset)
        account.get("reset", ":token", use: { try await self.passwordPage($0, .reset) })
        account.post("reset", ":token", use: { try await self.setPassword($0, .reset) })
    }

    @Sendable func resetRequestPage(req: Request) async throws -> Response {
        try await renderResetRequest(req, email: "", sent: false)
    }

    /// Answers the same whether or not the address has an account: nothing to learn from it.
    @Sendable func requestReset(req: Request) async throws -> Response {
        let email = (try req.content.decode(EmailForm.self).email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let app = req.application
        let now = app.clock.now()
        try await req.db.writeTransaction { db in
            guard let user = try await UserModel.query(on: db).filter(\.$email == email).first(), user.isActive else { return }
            let recent = try await OneTimeTokenModel.query(on: db).filter(\.$user.$id == user.requireID())
                .filter(\.$purpose == OneTimeTokenModel.Purpose.reset.rawValue)
                .filter(\.$createdAt > now.addingTimeInterval(-3600)).count()
            guard recent < Self.resetsPerHour else { return }
            let secret = try await Invitations.issueLink(.reset, for: user, lifetime: Invitations.resetLifetime, on: db, now: now)
            let language = Language(rawValue: user.language) ?? .en
            try await app.mailer.enqueue(.passwordReset, to: user.email, name: user.displayName, language: language,
                                         link: app.config.baseURL + Invitations.path(.reset, secret),
                                         values: ["minutes": String(Int(Invitations.resetLifetime / 60))], on: db, now: now)
            try await req.audit("request_reset", entity: "user", key: user.email, actor: user.email, on: db)
        }
        return try await renderResetRequest(req, email: "", sent: true)
    }

    func passwordPage(_ req: Request, _ purpose: OneTimeTokenModel.Purpose) async throws -> Response {
        let (_, user) = try await validLink(req, purpose)
        return try await renderPasswordPage(req, purpose, user: user, passwordError: nil, confirmationError: nil, status: .ok)
    }

    /// Sets the password, spends the link, ends every other session of the account, and signs in here
    /// (through the second factor when the account has or needs one).
    func setPassword(_ req: Request, _ purpose: OneTimeTokenModel.Purpose) async throws -> Response {
        let (token, user) = try await validLink(req, purpose)
        let form = try req.content.decode(PasswordForm.self)
        let password = form.password ?? ""
        let passwordError = req.application.passwordPolicy.problems(password, email: user.email).first
            .map { Self.message(for: $0, req) }
        let confirmationError = passwordError == nil && password != (form.confirmation ?? "")
            ? req.text("account_password_mismatch") : nil
        if passwordError != nil || confirmationError != nil {
            return try await renderPasswordPage(req, purpose, user: user, passwordError: passwordError,
                                                confirmationError: confirmationError, status: .unprocessableEntity)
        }
        let hash = try await req.password.async.hash(password)
        let now = req.application.clock.now()
        try await req.db.writeTransaction { db in
            user.passwordHash = hash
            try await user.save(on: db)
            token.usedAt = now
            try await token.save(on: db)
            try await SessionModel.query(on: db).filter(\.$user.$id == user.requireID()).delete()
            try await SignInThrottleModel.query(on: db).filter(\.$key == "email:" + user.email).delete()
            try await req.audit(purpose == .invitation ? "set_password" : "reset_password", entity: "user", key: user.email,
                                actor: user.email, on: db)
        }
        return try await Sessions.afterPassword(user, on: req)
    }

    /// 404 for a link that never existed, 410 for one that expired or was used: both say only that.
    private func validLink(_ req: Request, _ purpose: OneTimeTokenModel.Purpose) async throws -> (OneTimeTokenModel, UserModel) {
        let secret = req.parameters.get("token") ?? ""
        guard let token = try await OneTimeTokenModel.query(on: req.db)
            .filter(\.$tokenHash == SecretToken.hash(secret)).filter(\.$purpose == purpose.rawValue).with(\.$user).first() else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        guard token.usedAt == nil, token.expiresAt > req.application.clock.now(), token.user.isActive else {
            throw Abort(.gone, reason: req.text(purpose == .invitation ? "account_link_gone" : "reset_link_gone"))
        }
        // The page speaks the language of the email that brought the person here.
        if let language = Language(rawValue: token.user.language) { req.speak(language) }
        return (token, token.user)
    }

    private func renderPasswordPage(_ req: Request, _ purpose: OneTimeTokenModel.Purpose, user: UserModel, passwordError: String?,
                                    confirmationError: String?, status: HTTPStatus) async throws -> Response {
        let title = req.text(purpose == .invitation ? "account_welcome_title" : "reset_title")
        let page = SetPasswordPage(
            csrf: req.csrfToken, title: title,
            intro: req.text(purpose == .invitation ? "account_welcome_intro" : "reset_intro"), email: user.email,
            action: req.url.path, passwordError: passwordError, confirmationError: confirmationError)
        return try await req.renderPage("account/set-password", title: title, page).encodeResponse(status: status, for: req)
    }

    private func renderResetRequest(_ req: Request, email: String, sent: Bool) async throws -> Response {
        try await req.renderPage("account/reset", title: req.text("reset_request_title"),
                                 ResetRequestPage(csrf: req.csrfToken, email: email, sent: sent)).encodeResponse(for: req)
    }

    static func message(for problem: PasswordPolicy.Problem, _ req: Request) -> String {
        switch problem {
        case .tooShort(let minimum): req.localizer.text("password_too_short", req.language, ["minimum": "\(minimum)"])
        case .tooLong: req.text("password_too_long")
        case .common: req.text("password_common")
        case .containsEmail: req.text("password_contains_email")
        }
    }
}
