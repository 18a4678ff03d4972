import Vapor

/// Guards the API's writing routes: only a personal API token with the `write` scope may change data
/// there. A session cookie is not enough, since the API takes no CSRF token; `AccessPolicy` then decides,
/// as for pages, whether this person may change this record.
struct RequireAPIWriteMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        switch request.apiScope {
        case .write?:
            return try await next.respond(to: request)
        case .read?:
            throw APIError(status: .forbidden, code: "insufficient_scope",
                           message: "This API token may only read; make one with the write scope to change data.")
        case nil:
            throw APIError(status: .unauthorized, code: "unauthorized",
                           message: "Send a personal API token with the write scope: Authorization: Bearer tdm_…",
                           headers: ["WWW-Authenticate": "Bearer"])
        }
    }
}
