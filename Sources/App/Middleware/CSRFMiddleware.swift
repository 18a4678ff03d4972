import TandemCore
import Vapor

extension Request {
    private struct CSRFTokenKey: StorageKey {
        typealias Value = String
    }

    static let csrfCookie = "tandem_csrf"
    static let csrfField = "_csrf"

    /// The token every state-changing form carries; made when a form is first shown and kept in a cookie.
    var csrfToken: String {
        if let token = storage[CSRFTokenKey.self] ?? cookies[Self.csrfCookie]?.string, !token.isEmpty { return token }
        let token = SecretToken.make()
        storage[CSRFTokenKey.self] = token
        return token
    }

    /// Issues a new token, e.g. at sign-in, so a token seen before cannot be replayed afterwards.
    func rotateCSRFToken() {
        storage[CSRFTokenKey.self] = SecretToken.make()
    }

    fileprivate var newCSRFToken: String? { storage[CSRFTokenKey.self] }
}

/// Refuses any form submission whose token does not match the one in the browser's cookie. Another
/// site can make a browser send the cookie, but cannot read it to copy it into the form.
struct CSRFMiddleware: AsyncMiddleware {
    let secureCookies: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if ![.GET, .HEAD, .OPTIONS].contains(request.method), !request.url.path.hasPrefix("/api/") {
            // A body that arrives in several packets is still streaming here: read it whole before looking
            // for the token in it (the route reads the same collected body afterwards).
            if request.body.data == nil {
                let multipart = request.headers.contentType?.type == "multipart"
                let limit = multipart ? UploadType.maximumBytes + 64 * 1024 : request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: limit).get()
            }
            let sent = (try? request.content.get(String.self, at: Request.csrfField)) ?? ""
            let expected = request.cookies[Request.csrfCookie]?.string ?? ""
            guard !expected.isEmpty, sent.utf8.count == expected.utf8.count,
                  zip(sent.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
                throw Abort(.forbidden, reason: request.text("error_csrf"))
            }
        }
        let response = try await next.respond(to: request)
        if let token = request.newCSRFToken {
            response.cookies[Request.csrfCookie] = HTTPCookies.Value(
                string: token, path: "/", isSecure: secureCookies, isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }
}
