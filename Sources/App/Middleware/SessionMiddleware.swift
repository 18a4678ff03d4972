import Fluent
import SQLKit
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
        guard !request.url.path.hasPrefix("/api/"), let token = request.sentCookies[Request.sessionCookie]?.string, !token.isEmpty else {
            return try await next.respond(to: request)
        }
        let now = request.application.clock.now()
        // One plain query for the session and its person on every signed-in request: it is most of what a
        // signed-in page costs beyond a public one.
        let sql = request.db as! any SQLDatabase
        let row = try await sql.raw("""
            SELECT sessions.id AS session_id, sessions.stage AS session_stage, sessions.last_seen_at AS session_last_seen_at, users.*
            FROM sessions JOIN users ON users.id = sessions.user_id WHERE sessions.token_hash = \(bind: SecretToken.hash(token))
            """).first()
        var valid = false
        if let row {
            let id = try row.decode(column: "session_id", as: UUID.self)
            let stage = try row.decode(column: "session_stage", as: String.self)
            let lastSeenAt = try row.decode(column: "session_last_seen_at", as: Date.self)
            let user = try row.decode(fluentModel: UserModel.self)
            let full = stage == SessionModel.Stage.full.rawValue
            if user.isActive, now.timeIntervalSince(lastSeenAt) < (full ? idleTimeout : Self.pendingTimeout) {
                valid = true
                if full {
                    request.currentUser = user
                } else if let session = try await SessionModel.find(id, on: request.db) {
                    session.$user.value = user
                    request.pendingSession = session
                }
                // Written at most once a minute: a page view should not always cost a write.
                if now.timeIntervalSince(lastSeenAt) > 60 {
                    try await sql.update(SessionModel.schema).set("last_seen_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
                }
            } else {
                try await sql.delete(from: SessionModel.schema).where("id", .equal, SQLBind(id)).run()
            }
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
