@preconcurrency import RoutingKit
import Vapor

/// Answers 405 with an `Allow` header, instead of 404, when a client uses any method but GET or HEAD
/// on an API address that exists: the address is right, the method is not.
struct ReadOnlyAPIMiddleware: AsyncMiddleware {
    private let readable: TrieRouter<Bool>
    private let prefix: String

    init(routes: Routes, prefix: String) {
        let router = TrieRouter(Bool.self, options: [.caseInsensitive])
        for route in routes.all where route.method == .GET && route.path.first?.description == prefix {
            router.register(true, at: route.path)
        }
        self.readable = router
        self.prefix = prefix
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method != .GET, request.method != .HEAD else { return try await next.respond(to: request) }
        let path = request.url.path.split(separator: "/").map(String.init)
        var parameters = Parameters()
        guard path.first == prefix, readable.route(path: path, parameters: &parameters) == true else {
            return try await next.respond(to: request)
        }
        throw APIError(status: .methodNotAllowed, code: "method_not_allowed",
                       message: "\(request.method) is not allowed here; this address is read-only (GET, HEAD).",
                       headers: ["Allow": "GET, HEAD"])
    }
}
