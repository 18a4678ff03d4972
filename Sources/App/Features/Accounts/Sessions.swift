import Fluent
import Vapor

/// Starting and ending sessions; the one place that issues session cookies.
enum Sessions {
    /// Signs `user` in on this browser with a new session (a fresh secret each time, so a session id
    /// seen before signing in is worthless after), and ends the session the browser had.
    static func start(for user: UserModel, stage: SessionModel.Stage = .full, on request: Request, response: Response) async throws {
        try await end(on: request, response: response)
        let token = SecretToken.make()
        try await SessionModel(
            tokenHash: SecretToken.hash(token), userID: try user.requireID(),
            lastSeenAt: request.application.clock.now(),
            address: request.remoteAddress?.ipAddress ?? "",
            userAgent: String((request.headers.first(name: .userAgent) ?? "").prefix(200)),
            stage: stage
        ).create(on: request.db)
        response.cookies[Request.sessionCookie] = .session(token, secure: request.application.config.isSecure)
        // From here the pages speak the account's language, whatever the browser asked for; the switcher still changes it.
        response.cookies[Request.languageCookie] = Request.languageCookieValue(user.language, secure: request.application.config.isSecure)
        // The forms this browser sent while signed out stay its own under the new token (`KeptForms`).
        let before = KeptForms.browserHash(request)
        request.rotateCSRFToken()
        if let before {
            try await KeptFormModel.query(on: request.db).filter(\.$browserHash == before)
                .set(\.$browserHash, to: SecretToken.hash(request.csrfToken)).update()
        }
    }

    /// After a right password: a full session, or the second step the account still needs (its
    /// authenticator code, or setting one up where the role requires it).
    static func afterPassword(_ user: UserModel, returningTo next: String? = nil, on request: Request) async throws -> Response {
        let stage: SessionModel.Stage = user.totpSecret != nil ? .secondFactor
            : TwoFactor.mustEnrol(user, config: request.application.config) ? .enrolment : .full
        let next = next.flatMap(localPath)
        let target = switch stage {
        case .full: next ?? "/tasks"
        case .secondFactor: "/account/two-factor" + (next.map { "?next=" + escape($0) } ?? "")
        case .enrolment: "/account/two-factor/setup"
        }
        let response = request.redirect(to: target, redirectType: .normal)
        try await start(for: user, stage: stage, on: request, response: response)
        if stage == .full { try await request.audit("sign_in", entity: "user", key: user.email, actor: user.email) }
        return response
    }

    /// The sign-in page, asked to come back to `path` afterwards.
    static func signInPath(returningTo path: String) -> String {
        path == "/account" || path.hasPrefix("/account/sign-in") ? "/account/sign-in" : "/account/sign-in?next=" + escape(path)
    }

    /// Only a path on this site: never another host (`//evil.example`), so the sign-in page cannot send
    /// anyone elsewhere.
    static func localPath(_ text: String) -> String? {
        // Browsers drop tabs, line breaks and other controls from an address, so "/<TAB>/site" would become "//site":
        // no control or space character is let through, nor a backslash, which some read as a slash.
        guard text.hasPrefix("/"), !text.hasPrefix("//"), text.count <= 500,
              !text.unicodeScalars.contains(where: { $0 == "\\" || $0.properties.generalCategory == .control
                  || $0.properties.isWhitespace || $0.properties.generalCategory == .format }) else { return nil }
        return text
    }

    private static func escape(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_.~"))) ?? "/"
    }

    /// Ends this browser's session on the server, so the cookie stops working on every instance.
    static func end(on request: Request, response: Response) async throws {
        if let token = request.sentCookies[Request.sessionCookie]?.string, !token.isEmpty {
            try await SessionModel.query(on: request.db).filter(\.$tokenHash == SecretToken.hash(token)).delete()
        }
        response.cookies[Request.sessionCookie] = .expired(secure: request.application.config.isSecure)
    }
}

extension Application {
    var config: AppConfig {
        storage[AppConfigKey.self] ?? AppConfig(database: .sqliteMemory)
    }
}
