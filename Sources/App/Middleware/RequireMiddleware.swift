import TandemCore
import Vapor

/// Declares, on a route group, what a person must be allowed to do to reach it; `AccessPolicy` decides.
/// Someone not signed in is sent to sign in (pages) or answered 401 (API); someone signed in without the
/// right gets 403.
struct RequireMiddleware: AsyncMiddleware {
    let action: @Sendable (Request) -> Action

    init(_ action: Action) {
        self.action = { _ in action }
    }

    init(_ action: @escaping @Sendable (Request) -> Action) {
        self.action = action
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        switch AccessPolicy.decide(request.actor, action(request)) {
        case .allow:
            return try await next.respond(to: request)
        case .signInRequired:
            // A program, or a page's script saving in the background, is told plainly rather than sent to a page.
            if request.url.path.hasPrefix("/api/") || (request.headers.first(name: .accept) ?? "").hasPrefix("application/json") {
                throw APIError(status: .unauthorized, code: "unauthorized", message: "Sign in or send an API token.")
            }
            // After signing in, the person comes back here; a form they sent is kept meanwhile and offered back.
            let back = try await KeptForms.keep(request) ?? request.url.path
            return request.redirect(to: Sessions.signInPath(returningTo: back))
        case .deny:
            throw Abort(.forbidden, reason: request.text("error_403_message"))
        }
    }
}
