import Vapor

/// Lets browsers keep the stylesheet, scripts and icon for an hour before asking again (and then only whether they
/// changed, by their ETag): on a slow line every page otherwise waits for them.
struct StaticCacheMiddleware: AsyncMiddleware {
    static let prefixes = ["/css/", "/js/", "/favicon"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if request.method == .GET, Self.prefixes.contains(where: request.url.path.hasPrefix), response.status == .ok || response.status == .notModified,
           !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        }
        return response
    }
}
