import Fluent
import TandemCore
import Vapor

/// Signing in and out, and the account page with its sessions and API tokens.
struct AccountController: RouteCollection {
    struct SignInForm: Content {
        var email: String?
        var password: String?
        /// Where to go once signed in: the page that asked for it.
        var next: String?
    }

    struct SignInPage: Encodable {
        let csrf: String
        let email: String
        let error: String?
        let next: String?
    }

    struct AccountPage: Encodable {
        struct SessionRow: Encodable {
            let browser: String
            let address: String
            let lastSeen: String
            let current: Bool
        }
        let csrf: String
        let name: String
        let email: String
        let role: String
        let state: String?
        let sessions: [SessionRow]
        let tokens: [APITokenRow]
        /// A token just made: shown this once, never again.
        let newToken: String?
        /// A calendar address just made, shown once as well; whether one exists.
        let newCalendarFeed: String?
        let hasCalendarFeed: Bool
        /// Problems by field (`name`, `current`, `password`, `confirmation`, `tokenName`).
        let errors: [String: String]
        let notice: String?
        /// The profile form's values: as saved, or as typed when they did not pass.
        let profileName: String
        let languages: [SelectOption]
        /// Offered to those who have a list of what needs them: focal points and programme officers.
        let offersDigest: Bool
        let weeklyDigest: Bool
        let twoFactorOn: Bool
        let twoFactorRequired: Bool
        let recoveryCodesLeft: String
    }

    /// What the account page shows besides the account itself, after one of its forms is sent.
    struct Feedback {
        var newToken: String?
        var newCalendarFeed: String?
        var errors: [String: String] = [:]
        var notice: String?
        var profileName: String?
        var profileLanguage: String?
        var weeklyDigest: Bool?
    }

    struct ProfileForm: Content {
        var name: String?
        var language: String?
        /// "yes" when the box is ticked; a box not ticked is not sent at all.
        var weeklyDigest: String?
    }

    struct PasswordChangeForm: Content {
        var current: String?
        var password: String?
        var confirmation: String?
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
        account.post("profile", use: updateProfile)
        account.post("password", use: changePassword)
        account.post("tokens", use: createToken)
        account.post("tokens", ":id", "revoke", use: revokeToken)
        account.post("calendar-feed", use: renewCalendarFeed)
        account.get(use: accountPage)
    }

    @Sendable func signInPage(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: "/tasks") }
        return try await renderSignIn(req, email: "", error: nil, next: try? req.query.get(String.self, at: "next"), status: .ok)
    }

    @Sendable func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        let address = req.remoteAddress?.ipAddress ?? "unknown"
        let throttle = SignInThrottle(database: req.db, now: req.application.clock.now())
        if let wait = try await throttle.claim(email: email, address: address) {
            let minutes = String(Int((wait / 60).rounded(.up)))
            let response = try await renderSignIn(req, email: form.email ?? "",
                                                  error: req.localizer.text("account_locked", req.language, ["minutes": minutes]), next: form.next,
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
            return try await renderSignIn(req, email: form.email ?? "", error: req.text("account_sign_in_failed"), next: form.next,
                                          status: .unauthorized)
        }
        try await throttle.recordSuccess(email: email, address: address)
        return try await Sessions.afterPassword(user, returningTo: form.next, on: req)
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        let response = req.redirect(to: "/", confirming: "done_signed_out")
        try await Sessions.end(on: req, response: response)
        if let user = req.currentUser {
            try await req.audit("sign_out", entity: "user", key: user.email, actor: user.email)
        }
        return response
    }

    /// Ends every session of the signed-in person, on every browser and every server instance.
    @Sendable func signOutEverywhere(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/account/sign-in") }
        let response = req.redirect(to: "/account/sign-in", redirectType: .normal)
        try await SessionModel.query(on: req.db).filter(\.$user.$id == user.requireID()).delete()
        response.cookies[Request.sessionCookie] = .expired(secure: req.application.config.isSecure)
        try await req.audit("sign_out_everywhere", entity: "user", key: user.email, actor: user.email)
        return response
    }

    @Sendable func accountPage(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/account/sign-in") }
        return try await renderAccount(req, user: user, Feedback(), status: .ok)
    }

    /// Name and language; the language also becomes the one the pages and the emails use.
    @Sendable func updateProfile(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/account/sign-in") }
        let form = try req.content.decode(ProfileForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let language = form.language.flatMap(Language.init(rawValue:))
        var errors: [String: String] = [:]
        if name.isEmpty || name.count > 120 { errors["name"] = req.text("account_name_needed") }
        if language == nil { errors["language"] = req.text("account_language_needed") }
        guard errors.isEmpty, let language else {
            return try await renderAccount(req, user: user, Feedback(errors: errors, profileName: form.name, profileLanguage: form.language,
                                                                     weeklyDigest: form.weeklyDigest == "yes"),
                                           status: .unprocessableEntity)
        }
        let digest = form.weeklyDigest == "yes" && Self.offersDigest(user)
        let before = ["name": user.displayName, "language": user.language, "weekly_digest": String(user.weeklyDigest)]
        try await req.db.writeTransaction { db in
            user.displayName = name
            user.language = language.rawValue
            user.weeklyDigest = digest
            try await user.save(on: db)
            try await req.audit("update_profile", entity: "user", key: user.email, before: before,
                                after: ["name": name, "language": language.rawValue, "weekly_digest": String(digest)], on: db)
        }
        return req.redirect(to: "/account?lang=" + language.rawValue, confirming: "done_profile_saved")
    }

    /// Needs the current password; ends every other session, since a changed password often means a
    /// suspected leak.
    @Sendable func changePassword(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/account/sign-in") }
        let form = try req.content.decode(PasswordChangeForm.self)
        let password = form.password ?? ""
        var errors: [String: String] = [:]
        if (try? await req.password.async.verify(form.current ?? "", created: user.passwordHash)) != true {
            errors["current"] = req.text("account_current_password_wrong")
        }
        if let problem = req.application.passwordPolicy.problems(password, email: user.email).first {
            errors["password"] = PasswordLinksController.message(for: problem, req)
        } else if password != (form.confirmation ?? "") {
            errors["confirmation"] = req.text("account_password_mismatch")
        }
        guard errors.isEmpty else {
            return try await renderAccount(req, user: user, Feedback(errors: errors), status: .unprocessableEntity)
        }
        let hash = try await req.password.async.hash(password)
        let current = req.sentCookies[Request.sessionCookie].map { SecretToken.hash($0.string) } ?? ""
        try await req.db.writeTransaction { db in
            user.passwordHash = hash
            try await user.save(on: db)
            try await SessionModel.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$tokenHash != current).delete()
            try await req.audit("change_password", entity: "user", key: user.email, on: db)
        }
        return try await renderAccount(req, user: user, Feedback(notice: req.text("account_password_changed")), status: .ok)
    }

    /// Makes a personal API token and shows it once on the account page.
    @Sendable func createToken(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/account/sign-in") }
        let form = try req.content.decode(TokenForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else {
            return try await renderAccount(req, user: user, Feedback(errors: ["tokenName": req.text("tokens_name_needed")]),
                                           status: .unprocessableEntity)
        }
        let scope = APITokenModel.Scope(rawValue: form.scope ?? "") ?? .read
        let (token, secret) = APITokenModel.make(for: try user.requireID(), name: name, scope: scope)
        try await req.db.writeTransaction { db in
            try await token.create(on: db)
            try await req.audit("create", entity: "api_token", key: name, actor: user.email, after: ["scope": scope.rawValue], on: db)
        }
        return try await renderAccount(req, user: user, Feedback(newToken: secret), status: .created)
    }

    /// Makes the person's private calendar address and shows it once.
    @Sendable func renewCalendarFeed(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/account/sign-in") }
        let address = try await CalendarFeedController.renew(for: user, req)
        return try await renderAccount(req, user: user, Feedback(newCalendarFeed: address), status: .created)
    }

    @Sendable func revokeToken(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.redirect(to: "/account/sign-in") }
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let token = try await APITokenModel.query(on: req.db).filter(\.$id == id)
                  .filter(\.$user.$id == user.requireID()).first() else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        try await req.db.writeTransaction { db in
            token.revokedAt = req.application.clock.now()
            try await token.save(on: db)
            try await req.audit("revoke", entity: "api_token", key: token.name, actor: user.email, on: db)
        }
        return req.redirect(to: "/account", redirectType: .normal)
    }

    private func renderAccount(_ req: Request, user: UserModel, _ feedback: Feedback, status: HTTPStatus) async throws -> Response {
        let language = req.language
        let currentHash = req.sentCookies[Request.sessionCookie].map { SecretToken.hash($0.string) }
        let sessions = try await SessionModel.query(on: req.db).filter(\.$user.$id == user.requireID())
            .filter(\.$stage == SessionModel.Stage.full.rawValue)
            .sort(\.$lastSeenAt, .descending).all()
        let page = AccountPage(
            csrf: req.csrfToken, name: user.displayName, email: user.email,
            role: req.localizer.text("role_name_" + user.role, language),
            state: user.stateISO3.map { req.states.name($0, in: language) },
            sessions: sessions.map {
                .init(browser: $0.userAgent.isEmpty ? "—" : $0.userAgent, address: $0.address.isEmpty ? "—" : $0.address,
                      lastSeen: language.formatMoment($0.lastSeenAt), current: $0.tokenHash == currentHash)
            },
            tokens: try await APITokenRow.live(of: user.requireID(), req),
            newToken: feedback.newToken,
            newCalendarFeed: feedback.newCalendarFeed,
            hasCalendarFeed: try await CalendarFeedModel.query(on: req.db).filter(\.$user.$id == user.requireID()).count() > 0,
            errors: feedback.errors,
            notice: feedback.notice,
            profileName: feedback.profileName ?? user.displayName,
            languages: Language.allCases.map {
                SelectOption(value: $0.rawValue, label: req.localizer.text("language_name", $0),
                             selected: $0.rawValue == (feedback.profileLanguage ?? user.language))
            },
            offersDigest: Self.offersDigest(user), weeklyDigest: feedback.weeklyDigest ?? user.weeklyDigest,
            twoFactorOn: user.totpSecret != nil,
            twoFactorRequired: TwoFactor.mustEnrol(user, config: req.application.config),
            recoveryCodesLeft: req.localizer.text("two_factor_codes_left", language,
                                                  ["count": language.format(try await TwoFactor.unusedRecoveryCodes(for: user, on: req.db))]))
        return try await req.renderPage("account/index", title: req.text("account_title"), page)
            .encodeResponse(status: status, for: req)
    }

    // MARK: - Helpers

    /// Those whose "To do" can have something in it.
    static func offersDigest(_ user: UserModel) -> Bool {
        let actor = user.actor
        return actor.role == .focalPoint || AccessPolicy.decide(actor, .manageProgramme).isAllowed
    }

    private func renderSignIn(_ req: Request, email: String, error: String?, next: String?, status: HTTPStatus) async throws -> Response {
        let page = SignInPage(csrf: req.csrfToken, email: email, error: error, next: next.flatMap(Sessions.localPath))
        return try await req.renderPage("account/sign-in", title: req.text("account_sign_in"), page)
            .encodeResponse(status: status, for: req)
    }
}
