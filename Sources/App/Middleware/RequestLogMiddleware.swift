import Vapor

/// Logs each request once, with its request id, status and duration, and returns the id to the
/// client (`X-Request-Id`) so a user's report can be matched to the log.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let response = try await next.respond(to: request)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        response.headers.replaceOrAdd(name: "X-Request-Id", value: request.id)
        request.logger.info("\(request.method) \(request.url.path) \(response.status.code)", metadata: [
            "status": "\(response.status.code)",
            "duration_ms": .string(String(format: "%.1f", milliseconds)),
        ])
        return response
    }
}
