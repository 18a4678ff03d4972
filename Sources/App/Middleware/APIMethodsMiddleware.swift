@preconcurrency import RoutingKit
import Vapor

/// Answers 405 with an `Allow` header, instead of 404, when a client uses a method an API address does not
/// take: the address is right, the method is not.
struct APIMethodsMiddleware: AsyncMiddleware {
    private let allowed: TrieRouter<[HTTPMethod]>
    private let prefix: String

    init(routes: Routes, prefix: String) {
        let api = routes.all.filter { $0.path.first?.description == prefix }
        let byPath = Dictionary(grouping: api) { $0.path.map(\.description).joined(separator: "/") }
        let router = TrieRouter([HTTPMethod].self, options: [.caseInsensitive])
        for group in byPath.values {
            var methods = group.map(\.method)
            if methods.contains(.GET) { methods.append(.HEAD) }
            router.register(methods, at: group[0].path)
        }
        self.allowed = router
        self.prefix = prefix
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path.split(separator: "/").map(String.init)
        var parameters = Parameters()
        guard path.first == prefix, let methods = allowed.route(path: path, parameters: &parameters),
              !methods.contains(request.method) else {
            return try await next.respond(to: request)
        }
        let allow = methods.map(\.rawValue).joined(separator: ", ")
        throw APIError(status: .methodNotAllowed, code: "method_not_allowed",
                       message: "\(request.method) is not allowed here; this address takes \(allow).", headers: ["Allow": allow])
    }
}
