import Fluent
import Prometheus
import SQLKit
import Vapor

/// What an operator or a monitoring system asks of a running Tandem.
struct OperationsController: RouteCollection {
    struct Health: Content {
        let status: String
        let database: String
    }

    let registry: PrometheusCollectorRegistry

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("metrics", use: metrics)
    }

    /// 200 when the database answers, 503 when it does not.
    @Sendable func health(req: Request) async throws -> Response {
        do {
            guard let sql = req.db as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.raw("SELECT 1").run()
            return try await Health(status: "ok", database: "ok").encodeResponse(for: req)
        } catch {
            req.logger.error("health check: database unreachable: \(String(reflecting: error))")
            return try await Health(status: "unavailable", database: "unreachable")
                .encodeResponse(status: .serviceUnavailable, for: req)
        }
    }

    /// Request counts and latencies by route and status, in Prometheus's text format.
    @Sendable func metrics(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                 body: .init(string: registry.emitToString()))
    }
}
