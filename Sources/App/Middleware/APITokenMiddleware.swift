import Fluent
import Vapor

extension Request {
    private struct APIScopeKey: StorageKey {
        typealias Value = APITokenModel.Scope
    }

    /// The scope of the API token this request was made with, if any.
    var apiScope: APITokenModel.Scope? {
        get { storage[APIScopeKey.self] }
        set { storage[APIScopeKey.self] = newValue }
    }
}

/// Recognises `Authorization: Bearer tdm_…` on API calls. The API does not use cookies, so a token is the
/// only way to act as someone there; a token that is unknown, revoked or whose owner is deactivated is
/// refused outright rather than ignored.
struct APITokenMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.path.hasPrefix("/api/"), let bearer = request.headers.bearerAuthorization else {
            return try await next.respond(to: request)
        }
        guard let token = try await APITokenModel.query(on: request.db)
            .filter(\.$tokenHash == SecretToken.hash(bearer.token)).with(\.$user).first(),
              token.revokedAt == nil, token.user.isActive, let scope = APITokenModel.Scope(rawValue: token.scope) else {
            throw APIError(status: .unauthorized, code: "invalid_token",
                           message: "This API token is not valid: it is unknown, revoked, or its owner's account is deactivated.",
                           headers: ["WWW-Authenticate": "Bearer"])
        }
        request.currentUser = token.user
        request.apiScope = scope
        let now = request.application.clock.now()
        if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            token.lastUsedAt = now
            try await token.save(on: request.db)
        }
        return try await next.respond(to: request)
    }
}
