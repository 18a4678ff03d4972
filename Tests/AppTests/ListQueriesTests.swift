import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

/// Every list page and API list asks the database the same number of questions whatever the number of rows:
/// no query per row. Counted from the database drivers' own log of each query they run.
extension AppTests {
    @Suite struct ListQueriesTests {
        /// Counts the queries the database drivers log, for requests made while it is the application's logger.
        struct QueryCounter: LogHandler {
            let count: NIOLockedValueBox<Int>
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .trace

            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }

            func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
                     function: String, line: UInt) {
                if metadata?["sql"] != nil { count.withLockedValue { $0 += 1 } }
            }
        }

        /// The lists a signed-in person opens, with who opens them.
        static let lists: [(path: String, asker: RouteRoleMatrixTests.Asker)] = [
            ("/partnerships", .secretariat), ("/partnerships", .focalPoint), ("/programme/partnerships", .visitor),
            ("/applications", .secretariat), ("/applications", .focalPoint), ("/programme/review", .secretariat),
            ("/proposals", .secretariat), ("/programme/dashboard", .secretariat), ("/admin/audit", .admin),
            ("/admin/outbox", .admin), ("/admin/users", .admin),
            ("/api/v1/applications", .secretariat), ("/api/v1/partnerships", .visitor),
        ]

        /// `count` more partnerships with Ghana (each with its reports and emails) and applications of other states.
        func grow(_ app: Application, by count: Int, from start: Int) async throws {
            let call = try #require(try await CallModel.query(on: app.db).filter(\.$slug == "2025-2027").first())
            let others = app.statesDirectory.states.map(\.iso3).filter { $0 != "GHA" }
            for index in start..<(start + count) {
                _ = try await PartnershipStarter(app: app).start(mentor: others[index], mentee: "GHA", call: call, proposalID: nil,
                                                                 status: .active, source: PartnershipModel.fromSecretariat, actor: "test",
                                                                 on: app.db)
                let application = ApplicationModel(callID: try call.requireID(), stateISO3: others[index + 50], form: ApplicationForm(),
                                                   onBehalf: true, createdBy: "test")
                application.status = ApplicationStatus.submitted.rawValue
                try await application.create(on: app.db)
            }
        }

        func queries(_ app: Application, _ path: String, jar: CookieJar, token: String) async throws -> Int {
            let counted = NIOLockedValueBox(0)
            let logger = app.logger
            app.logger = Logger(label: "queries") { _ in QueryCounter(count: counted) }
            defer { app.logger = logger }
            var headers = jar.header
            // The API takes a personal token, not the session.
            if path.hasPrefix("/api/") { headers.bearerAuthorization = BearerAuthorization(token: token) }
            let request = TestingHTTPRequest(method: .GET, url: .init(path: path), headers: headers, body: ByteBuffer())
            // Once first, so what is read once and then kept (the programme in memory, a token's last use) is not counted.
            _ = try await app.testing().performTest(request: request)
            counted.withLockedValue { $0 = 0 }
            let response = try await app.testing().performTest(request: request)
            #expect(response.status == .ok, "\(path): \(response.status)")
            return counted.withLockedValue { $0 }
        }

        @Test func noListAsksPerRow() async throws {
            try await withTandem { app in
                var jars: [RouteRoleMatrixTests.Asker: CookieJar] = [:]
                for asker in Set(Self.lists.map(\.asker)) {
                    jars[asker] = CookieJar(header: try await RouteRoleMatrixTests.signIn(asker, app))
                }
                let token = try await ApplicationsAPITests().token(app, email: "officer@example.org", role: .secretariat, state: nil)
                try await grow(app, by: 3, from: 0)
                var few: [String: Int] = [:]
                for list in Self.lists { few["\(list.path) \(list.asker)"] = try await queries(app, list.path, jar: jars[list.asker]!, token: token) }
                try await grow(app, by: 12, from: 3)
                for list in Self.lists {
                    let key = "\(list.path) \(list.asker)"
                    let many = try await queries(app, list.path, jar: jars[list.asker]!, token: token)
                    #expect(many == few[key], "\(key): \(few[key] ?? 0) queries for 3 rows, \(many) for 15")
                    #expect((few[key] ?? 0) > 0, "\(key): no query counted")
                }
            }
        }
    }
}
