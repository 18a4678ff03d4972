import Fluent
import TandemCore
import Vapor

/// The second step of signing in, setting up an authenticator app (QR code as SVG), recovery codes, and
/// turning two-factor sign-in off where the role allows it.
struct TwoFactorController: RouteCollection {
    struct CodeForm: Content {
        var code: String?
        var next: String?
    }

    struct PasswordForm: Content {
        var password: String?
    }

    struct CodePage: Encodable {
        let csrf: String
        let error: String?
        let next: String?
    }

    struct SetupPage: Encodable {
        let csrf: String
        let qr: String
        let secret: String
        let required: Bool
        let error: String?
    }

    struct RecoveryCodesPage: Encodable {
        let codes: [String]
    }

    func boot(routes: any RoutesBuilder) throws {
        let twoFactor = routes.grouped("account", "two-factor")
        twoFactor.get(use: codePage)
        twoFactor.post(use: checkCode)
        twoFactor.get("setup", use: setupPage)
        twoFactor.post("setup", use: confirmSetup)
        twoFactor.post("recovery-codes", use: newRecoveryCodes)
        twoFactor.post("disable", use: disable)
    }

    // MARK: - Signing in

    @Sendable func codePage(req: Request) async throws -> Response {
        guard req.pendingSession?.stage == SessionModel.Stage.secondFactor.rawValue else { return Self.elsewhere(req) }
        return try await renderCode(req, error: nil, status: .ok)
    }

    /// An authenticator code or a recovery code completes the sign-in; failures count towards the same
    /// lock as wrong passwords.
    @Sendable func checkCode(req: Request) async throws -> Response {
        guard let pending = req.pendingSession, pending.stage == SessionModel.Stage.secondFactor.rawValue,
              let sealed = pending.user.totpSecret else { return Self.elsewhere(req) }
        let user = pending.user
        // A secret the key cannot open (the key was changed) leaves the recovery codes.
        let secret = req.application.secretBox.open(sealed)
        let codeForm = try req.content.decode(CodeForm.self)
        let typed = codeForm.code ?? ""
        let now = req.application.clock.now()
        let address = req.remoteAddress?.ipAddress ?? "unknown"
        let throttle = SignInThrottle(database: req.db, now: now)
        if let wait = try await throttle.claim(email: user.email, address: address) {
            let minutes = String(Int((wait / 60).rounded(.up)))
            let response = try await renderCode(req, error: req.localizer.text("account_locked", req.language, ["minutes": minutes]),
                                                status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(wait.rounded(.up))))
            return response
        }
        var method: String?
        if let secret, let step = TwoFactor.matchingStep(typed, secret: secret, now: now, after: user.totpLastStep) {
            user.totpLastStep = step
            try await user.save(on: req.db)
            method = "authenticator"
        } else if !TwoFactorRules.isAuthenticatorCode(typed), try await TwoFactor.useRecoveryCode(typed, for: user, on: req.db, now: now) {
            method = "recovery_code"
        }
        guard let method else {
            try await throttle.recordFailure(email: user.email, address: address)
            return try await renderCode(req, error: req.text("two_factor_wrong_code"), status: .unauthorized)
        }
        try await throttle.recordSuccess(email: user.email, address: address)
        let response = req.redirect(to: codeForm.next.flatMap(Sessions.localPath) ?? "/tasks", redirectType: .normal)
        try await Sessions.start(for: user, on: req, response: response)
        try await req.audit("sign_in", entity: "user", key: user.email, actor: user.email, after: ["second_factor": method])
        return response
    }

    // MARK: - Setting up

    @Sendable func setupPage(req: Request) async throws -> Response {
        guard let user = Self.enrollingUser(req) else { return Self.elsewhere(req) }
        if user.totpPendingSecret.flatMap(req.application.secretBox.open) == nil {
            user.totpPendingSecret = try req.application.secretBox.seal(TwoFactor.newSecret())
            try await user.save(on: req.db)
        }
        return try await renderSetup(req, user: user, error: nil, status: .ok)
    }

    /// The first code from the app proves it holds the secret; only then is two-factor sign-in on.
    @Sendable func confirmSetup(req: Request) async throws -> Response {
        guard let user = Self.enrollingUser(req), let sealed = user.totpPendingSecret,
              let secret = req.application.secretBox.open(sealed) else { return Self.elsewhere(req) }
        let typed = try req.content.decode(CodeForm.self).code ?? ""
        let now = req.application.clock.now()
        guard let step = TwoFactor.matchingStep(typed, secret: secret, now: now, after: nil) else {
            return try await renderSetup(req, user: user, error: req.text("two_factor_wrong_code"), status: .unprocessableEntity)
        }
        let codes = try await req.db.writeTransaction { db -> [String] in
            user.totpSecret = sealed
            user.totpPendingSecret = nil
            user.totpLastStep = step
            try await user.save(on: db)
            try await req.audit("enable_two_factor", entity: "user", key: user.email, actor: user.email, on: db)
            return try await TwoFactor.issueRecoveryCodes(for: user, on: db)
        }
        let response = try await renderRecoveryCodes(req, codes)
        if req.currentUser == nil {
            try await Sessions.start(for: user, on: req, response: response)
            try await req.audit("sign_in", entity: "user", key: user.email, actor: user.email, after: ["second_factor": "enrolment"])
        }
        return response
    }

    @Sendable func newRecoveryCodes(req: Request) async throws -> Response {
        guard let user = req.currentUser, user.totpSecret != nil else { return Self.elsewhere(req) }
        let codes = try await req.db.writeTransaction { db -> [String] in
            try await req.audit("renew_recovery_codes", entity: "user", key: user.email, on: db)
            return try await TwoFactor.issueRecoveryCodes(for: user, on: db)
        }
        return try await renderRecoveryCodes(req, codes)
    }

    /// Only where the role does not require it, and only with the password: a borrowed unlocked browser
    /// must not be enough to weaken the account.
    @Sendable func disable(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return Self.elsewhere(req) }
        if TwoFactor.mustEnrol(user, config: req.application.config) {
            throw Abort(.forbidden, reason: req.text("two_factor_required_for_role"))
        }
        let password = try req.content.decode(PasswordForm.self).password ?? ""
        guard (try? await req.password.async.verify(password, created: user.passwordHash)) == true else {
            throw Abort(.unauthorized, reason: req.text("two_factor_password_needed"))
        }
        try await req.db.writeTransaction { db in
            user.totpSecret = nil
            user.totpPendingSecret = nil
            user.totpLastStep = nil
            try await user.save(on: db)
            try await RecoveryCodeModel.query(on: db).filter(\.$user.$id == user.requireID()).delete()
            try await req.audit("disable_two_factor", entity: "user", key: user.email, on: db)
        }
        return req.redirect(to: "/account", redirectType: .normal)
    }

    // MARK: - Helpers

    /// A signed-in person setting it up by choice, or one whose role requires it, mid-sign-in.
    private static func enrollingUser(_ req: Request) -> UserModel? {
        if let user = req.currentUser { return user.totpSecret == nil ? user : nil }
        guard let pending = req.pendingSession, pending.stage == SessionModel.Stage.enrolment.rawValue else { return nil }
        return pending.user
    }

    private static func elsewhere(_ req: Request) -> Response {
        req.redirect(to: req.currentUser == nil ? "/account/sign-in" : "/account", redirectType: .normal)
    }

    private func renderCode(_ req: Request, error: String?, status: HTTPStatus) async throws -> Response {
        let next = ((try? req.query.get(String.self, at: "next")) ?? (try? req.content.decode(CodeForm.self))?.next).flatMap(Sessions.localPath)
        return try await req.renderPage("account/two-factor", title: req.text("two_factor_title"), CodePage(csrf: req.csrfToken, error: error, next: next))
            .encodeResponse(status: status, for: req)
    }

    private func renderSetup(_ req: Request, user: UserModel, error: String?, status: HTTPStatus) async throws -> Response {
        let secret = user.totpPendingSecret.flatMap(req.application.secretBox.open) ?? ""
        let uri = TwoFactorRules.provisioningURI(secret: secret, account: user.email, issuer: TwoFactor.issuer)
        let page = SetupPage(
            csrf: req.csrfToken, qr: try QRCode(uri).svg(title: req.text("two_factor_qr_title")),
            secret: stride(from: 0, to: secret.count, by: 4).map { offset in
                String(secret.dropFirst(offset).prefix(4))
            }.joined(separator: " "),
            required: TwoFactor.mustEnrol(user, config: req.application.config), error: error)
        return try await req.renderPage("account/two-factor-setup", title: req.text("two_factor_setup_title"), page)
            .encodeResponse(status: status, for: req)
    }

    private func renderRecoveryCodes(_ req: Request, _ codes: [String]) async throws -> Response {
        try await req.renderPage("account/recovery-codes", title: req.text("two_factor_codes_title"), RecoveryCodesPage(codes: codes))
            .encodeResponse(for: req)
    }
}
