import Fluent
import TandemCore
import Vapor

extension Request {
    private struct CurrentUserKey: StorageKey {
        typealias Value = UserModel
    }

    private struct PendingSessionKey: StorageKey {
        typealias Value = SessionModel
    }

    static let sessionCookie = "tandem_session"

    /// The signed-in person, if any (set by `SessionMiddleware`).
    var currentUser: UserModel? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// A session past the password but short of the second factor: it opens only the two-factor pages.
    var pendingSession: SessionModel? {
        get { storage[PendingSessionKey.self] }
        set { storage[PendingSessionKey.self] = newValue }
    }

    /// Who is asking, for `AccessPolicy`.
    var actor: Actor { currentUser?.actor ?? .publicVisitor }
}

/// Recognises a signed-in browser by its session cookie. A session ends when it has been idle too long,
/// when its person is deactivated, or when it is signed out on any server instance.
struct SessionMiddleware: AsyncMiddleware {
    let idleTimeout: TimeInterval
    let secureCookies: Bool
    /// A half-finished sign-in lasts minutes, not hours.
    static let pendingTimeout: TimeInterval = 600

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // The API authenticates with tokens only, so a browser's session never acts there on its own.
        guard !request.url.path.hasPrefix("/api/"), let token = request.cookies[Request.sessionCookie]?.string, !token.isEmpty else {
            return try await next.respond(to: request)
        }
        let now = request.application.clock.now()
        // One query for the session and its person, on every signed-in request.
        let session = try await SessionModel.query(on: request.db)
            .filter(\.$tokenHash == SecretToken.hash(token))
            .join(UserModel.self, on: \SessionModel.$user.$id == \UserModel.$id)
            .first()
        if let session { session.$user.value = try session.joined(UserModel.self) }
        var valid = false
        let full = session?.stage == SessionModel.Stage.full.rawValue
        if let session, session.user.isActive, now.timeIntervalSince(session.lastSeenAt) < (full ? idleTimeout : Self.pendingTimeout) {
            valid = true
            if full { request.currentUser = session.user } else { request.pendingSession = session }
            // Written at most once a minute: a page view should not always cost a write.
            if now.timeIntervalSince(session.lastSeenAt) > 60 {
                session.lastSeenAt = now
                try await session.save(on: request.db)
            }
        } else if let session {
            try await session.delete(on: request.db)
        }
        let response = try await next.respond(to: request)
        if !valid && response.cookies[Request.sessionCookie] == nil {
            response.cookies[Request.sessionCookie] = .expired(secure: secureCookies)
        }
        return response
    }
}

extension HTTPCookies.Value {
    /// The session cookie: not readable by scripts, not sent by other sites' forms, HTTPS-only when served so.
    static func session(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    static func expired(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}
