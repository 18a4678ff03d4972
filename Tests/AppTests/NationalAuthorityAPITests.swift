import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct NationalAuthorityAPITests {
        /// A bearer header for a new token of `email`'s account, with `scope`.
        func bearer(_ app: Application, _ email: String, _ scope: APITokenModel.Scope) async throws -> HTTPHeaders {
            let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == email).first())
            let (token, secret) = APITokenModel.make(for: try user.requireID(), name: "test", scope: scope)
            try await token.create(on: app.db)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: secret)
            headers.contentType = .json
            return headers
        }

        func put(_ app: Application, _ path: String, _ json: String, _ headers: HTTPHeaders) async throws -> TestingHTTPResponse {
            try await app.testing().performTest(request: .init(method: .PUT, url: .init(path: path), headers: headers,
                                                               body: ByteBuffer(string: json)))
        }

        @Test func aWriteTokenOfTheStatesFocalPointReplacesTheDetails() async throws {
            try await withTandem { app in
                _ = try await RouteRoleMatrixTests.signIn(.focalPoint, app)  // focalpoint@example.org, Ghana
                let write = try await bearer(app, "focalpoint@example.org", .write)
                let saved = try await put(app, "/api/v1/states/gha/national-authority",
                                          #"{"name": "Ghana National Authority", "website": "https://na.example.gh", "email": "NA@example.gh"}"#, write)
                #expect(saved.status == .ok)
                #expect(saved.json["state"] as? String == "GHA" && saved.json["email"] as? String == "na@example.gh")
                try await app.testing().test(.GET, "/api/v1/states/GHA/national-authority") { res in
                    #expect(res.json["name"] as? String == "Ghana National Authority")
                }
                let audit = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$entity == "national_authority").first())
                #expect(audit.actor == "focalpoint@example.org")

                let invalid = try await put(app, "/api/v1/states/GHA/national-authority", #"{"name": "", "website": "ftp://x"}"#, write)
                #expect(invalid.status == .unprocessableEntity)
                let error = try #require(invalid.json["error"] as? [String: Any])
                #expect(error["code"] as? String == "invalid_input")
                #expect(Set(((error["fields"] as? [String: String]) ?? [:]).keys) == ["name", "website"])
                for body in [#"{"name": 12"#, #"{"name": "A", "website": null}"#, #"{"name": 12}"#, "[]"] {
                    let refused = try await put(app, "/api/v1/states/GHA/national-authority", body, write)
                    #expect(refused.status == .badRequest && (refused.json["error"] as? [String: Any])?["code"] as? String == "invalid_body", "\(body)")
                }
                // Dates are ISO 8601 strings, as the document says.
                #expect((saved.json["updatedAt"] as? String)?.hasSuffix("Z") == true)
            }
        }

        @Test func readTokensCookiesAndOtherStatesAreRefused() async throws {
            try await withTandem { app in
                let cookie = try await RouteRoleMatrixTests.signIn(.focalPoint, app)
                let body = #"{"name": "Changed"}"#
                let read = try await put(app, "/api/v1/states/GHA/national-authority", body, try await bearer(app, "focalpoint@example.org", .read))
                #expect(read.status == .forbidden && (read.json["error"] as? [String: Any])?["code"] as? String == "insufficient_scope")
                let other = try await put(app, "/api/v1/states/GBR/national-authority", body, try await bearer(app, "focalpoint@example.org", .write))
                #expect(other.status == .forbidden)
                var browser: HTTPHeaders = ["Cookie": cookie]
                browser.contentType = .json
                let session = try await put(app, "/api/v1/states/GHA/national-authority", body, browser)
                #expect(session.status == .unauthorized)
                #expect(try await NationalAuthorityModel.query(on: app.db).count() == 0)

                try await app.testing().test(.DELETE, "/api/v1/states/GHA/national-authority") { res in
                    #expect(res.status == .methodNotAllowed && res.headers.first(name: "Allow") == "GET, PUT, HEAD")
                }
            }
        }
    }
}
