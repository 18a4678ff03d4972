import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct APITokensTests {
        func makeToken(_ app: Application, email: String, scope: String) async throws -> String {
            var context = CommandContext(console: app.console,
                                         input: CommandInput(arguments: ["tandem", "create", "--email", email, "--scope", scope]))
            context.application = app
            try await TokensCommand().run(using: &context)
            // The printed secret is not stored; replace the hash with one of a secret this test knows.
            let token = try #require(try await APITokenModel.query(on: app.db).sort(\.$createdAt, .descending).first())
            let secret = APITokenModel.prefix + SecretToken.make()
            token.tokenHash = SecretToken.hash(secret)
            try await token.save(on: app.db)
            return secret
        }

        @Test func aValidTokenIsAcceptedAndItsUseRecorded() async throws {
            try await withTandem { app in
                _ = try await RouteRoleMatrixTests.signIn(.secretariat, app)
                let secret = try await makeToken(app, email: "secretariat@example.org", scope: "read")
                try await app.testing().test(.GET, "/api/v1/states?limit=1", headers: ["Authorization": "Bearer \(secret)"]) { res in
                    #expect(res.status == .ok)
                }
                let token = try #require(try await APITokenModel.query(on: app.db).first())
                #expect(token.lastUsedAt != nil)
                #expect(!token.tokenHash.contains(secret))
            }
        }

        @Test func anUnknownRevokedOrOrphanedTokenIsRefused() async throws {
            try await withTandem { app in
                _ = try await RouteRoleMatrixTests.signIn(.member, app)
                let tester = try app.testing()
                try await tester.test(.GET, "/api/v1/states", headers: ["Authorization": "Bearer tdm_made-up"]) { res in
                    #expect(res.status == .unauthorized)
                    #expect((res.json["error"] as? [String: String])?["code"] == "invalid_token")
                    #expect(res.headers.first(name: "WWW-Authenticate") == "Bearer")
                }
                let revoked = try await makeToken(app, email: "member@example.org", scope: "write")
                let token = try #require(try await APITokenModel.query(on: app.db).first())
                token.revokedAt = Date()
                try await token.save(on: app.db)
                try await tester.test(.GET, "/api/v1/states", headers: ["Authorization": "Bearer \(revoked)"]) { res in
                    #expect(res.status == .unauthorized)
                }
                let live = try await makeToken(app, email: "member@example.org", scope: "read")
                let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "member@example.org").first())
                user.isActive = false
                try await user.save(on: app.db)
                try await tester.test(.GET, "/api/v1/states", headers: ["Authorization": "Bearer \(live)"]) { res in
                    #expect(res.status == .unauthorized)
                }
            }
        }

        @Test func theAccountPageMakesATokenShowsItOnceAndRevokesIt() async throws {
            try await withTandem { app in
                let cookie = try await RouteRoleMatrixTests.signIn(.focalPoint, app)
                var headers: HTTPHeaders = ["Cookie": cookie]
                headers.contentType = .urlEncodedForm
                let tester = try app.testing()
                let empty = try await tester.performTest(request: .init(method: .POST, url: "/account/tokens", headers: headers,
                                                                         body: ByteBuffer(string: "_csrf=matrix&name=&scope=read")))
                #expect(empty.status == .unprocessableEntity)
                #expect(empty.text.contains("id=\"tokenName-error\""))
                let made = try await tester.performTest(request: .init(method: .POST, url: "/account/tokens", headers: headers,
                                                                        body: ByteBuffer(string: "_csrf=matrix&name=Reporting%20script&scope=write")))
                #expect(made.status == .created)
                let secret = try #require(made.text.firstRange(of: #/tdm_[A-Za-z0-9_-]+/#).map { String(made.text[$0]) })
                try await tester.test(.GET, "/api/v1/visits", headers: ["Authorization": "Bearer \(secret)"]) { res in
                    #expect(res.status == .ok)
                }
                try await tester.test(.GET, "/account", headers: ["Cookie": cookie]) { res in
                    #expect(res.text.contains("Reporting script"))
                    #expect(!res.text.contains(secret))
                }
                let token = try #require(try await APITokenModel.query(on: app.db).first())
                let revoke = try await tester.performTest(request: .init(
                    method: .POST, url: .init(path: "/account/tokens/\(try token.requireID().uuidString)/revoke"), headers: headers,
                    body: ByteBuffer(string: "_csrf=matrix")))
                #expect(revoke.status == .seeOther)
                try await tester.test(.GET, "/api/v1/visits", headers: ["Authorization": "Bearer \(secret)"]) { res in
                    #expect(res.status == .unauthorized)
                }
            }
        }

        @Test func onlyTheOwnerRevokesAToken() async throws {
            try await withTandem { app in
                _ = try await RouteRoleMatrixTests.signIn(.member, app)
                _ = try await makeToken(app, email: "member@example.org", scope: "read")
                let other = try await RouteRoleMatrixTests.signIn(.admin, app)
                let token = try #require(try await APITokenModel.query(on: app.db).first())
                var headers: HTTPHeaders = ["Cookie": other]
                headers.contentType = .urlEncodedForm
                let response = try await app.testing().performTest(request: .init(
                    method: .POST, url: .init(path: "/account/tokens/\(try token.requireID().uuidString)/revoke"), headers: headers,
                    body: ByteBuffer(string: "_csrf=matrix")))
                #expect(response.status == .notFound)
                #expect(try await APITokenModel.query(on: app.db).first()?.revokedAt == nil)
            }
        }
    }
}
