import Vapor

extension Routes {
    /// Answers 405 with an `Allow` header, instead of 404, when a client writes to a read-only
    /// address under `prefix`: the address exists, the method does not.
    func rejectWrites(under prefix: PathComponent) {
        let readOnly = all.filter { $0.method == .GET && $0.path.first == prefix }
        for route in readOnly {
            for method in [HTTPMethod.POST, .PUT, .PATCH, .DELETE] {
                add(Route(method: method, path: route.path, responder: MethodNotAllowed(allowed: "GET, HEAD"),
                          requestType: Request.self, responseType: Response.self))
            }
        }
    }
}

private struct MethodNotAllowed: AsyncResponder {
    let allowed: String

    func respond(to request: Request) async throws -> Response {
        throw APIError(status: .methodNotAllowed, code: "method_not_allowed",
                       message: "\(request.method) is not allowed here; this address allows \(allowed).",
                       headers: ["Allow": allowed])
    }
}
