import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct OperationsTests {
        @Test func healthChecksTheDatabase() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/healthz") { res in
                    #expect(res.status == .ok)
                    #expect(res.json["database"] as? String == "ok")
                }
            }
        }

        /// Guards the PostgreSQL run in CI: the tests must really be talking to the database they were given.
        @Test func runsOnTheDatabaseDATABASE_URLNames() async throws {
            try await withTandem { app in
                let dialect = (app.db as? any SQLDatabase)?.dialect.name
                let url = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
                #expect(dialect == (url.hasPrefix("postgres") ? "postgresql" : "sqlite"))
            }
        }

        @Test func countsRequestsByRouteAndStatusForPrometheus() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                try await tester.test(.GET, "/states/GHA") { _ in }
                try await tester.test(.GET, "/metrics") { res in
                    #expect(res.status == .ok)
                    #expect(res.text.contains("# TYPE http_requests_total counter"))
                    #expect(res.text.contains("path=\"/states/:iso3\""))
                    #expect(res.text.contains("http_request_duration_seconds"))
                }
            }
        }

        @Test func everyResponseCarriesARequestIdAndStrictSecurityHeaders() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/") { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.first(name: "X-Request-Id")?.isEmpty == false)
                    #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff")
                    #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
                    #expect(res.text.contains("The programme in figures"))
                }
            }
        }

        @Test func overHTTPSBrowsersAreToldToStayThere() async throws {
            try await withTandem({ $0.baseURL = "https://tandem.example.org" }) { app in
                try await app.testing().test(.GET, "/") { res in
                    #expect(res.headers.first(name: "Strict-Transport-Security") == "max-age=31536000; includeSubDomains")
                }
            }
            try await withTandem { app in
                try await app.testing().test(.GET, "/") { res in
                    #expect(res.headers.first(name: "Strict-Transport-Security") == nil)
                }
            }
        }

        @Test func anUnknownPageIsAnHTML404AndStaticFilesAreServed() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/no/such/page", headers: ["Accept": "text/html"]) { res in
                    #expect(res.status == .notFound)
                    #expect(res.text.contains("Page not found"))
                    #expect(!res.text.contains("Abort"))
                }
                try await app.testing().test(.GET, "/css/tandem.css") { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.contentType?.subType == "css")
                    #expect(res.headers.first(name: .cacheControl) == "public, max-age=3600")
                }
            }
        }
    }
}
