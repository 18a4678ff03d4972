import Vapor

/// Headers that keep browsers strict: nothing from other origins, no sniffing, no framing, and over
/// HTTPS, never plain HTTP again for a year (HSTS).
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let https: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        var headers: [(String, String)] = [
            ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ]
        if https { headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains")) }
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.add(name: name, value: value)
        }
        return response
    }
}
