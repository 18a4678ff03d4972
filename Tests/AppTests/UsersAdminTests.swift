import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct UsersAdminTests {
        func post(_ app: Application, _ path: String, cookie: String) async throws -> TestingHTTPResponse {
            var headers: HTTPHeaders = ["Cookie": cookie]
            headers.contentType = .urlEncodedForm
            return try await app.testing().performTest(request: .init(
                method: .POST, url: .init(path: path), headers: headers, body: ByteBuffer(string: "_csrf=matrix")))
        }

        @Test func anAdministratorDeactivatesReactivatesAndUnlocks() async throws {
            try await withTandem { app in
                let admin = try await RouteRoleMatrixTests.signIn(.admin, app)
                let member = try await RouteRoleMatrixTests.signIn(.member, app)
                let memberUser = try #require(try await UserModel.query(on: app.db).filter(\.$email == "member@example.org").first())
                let id = try memberUser.requireID().uuidString

                try await app.testing().test(.GET, "/admin/users?role=member", headers: ["Cookie": admin]) { res in
                    #expect(res.text.contains("Accounts found: 1"))
                    #expect(res.text.contains("/admin/users/\(id)/deactivate"))
                }
                #expect(try await post(app, "/admin/users/\(id)/deactivate", cookie: admin).status == .seeOther)
                #expect(try await SessionModel.query(on: app.db).filter(\.$user.$id == memberUser.requireID()).count() == 0)
                try await app.testing().test(.GET, "/account", headers: ["Cookie": member]) { res in
                    #expect(res.status == .seeOther)
                }
                #expect(try await post(app, "/admin/users/\(id)/reactivate", cookie: admin).status == .seeOther)
                #expect(try await UserModel.find(memberUser.requireID(), on: app.db)?.isActive == true)

                let throttle = SignInThrottleModel(key: "email:member@example.org")
                throttle.state = .init(failures: 5, windowStart: Date(), lockedUntil: Date().addingTimeInterval(900))
                try await throttle.save(on: app.db)
                try await app.testing().test(.GET, "/admin/users", headers: ["Cookie": admin]) { res in
                    #expect(res.text.contains("locked until"))
                }
                #expect(try await post(app, "/admin/users/\(id)/unlock", cookie: admin).status == .seeOther)
                #expect(try await SignInThrottleModel.query(on: app.db).count() == 0)

                let actions = try await AuditEntryModel.query(on: app.db).filter(\.$entityKey == "member@example.org").all().map(\.action)
                #expect(Set(actions) == ["deactivate", "reactivate", "unlock"])
            }
        }

        @Test func anAdministratorCannotDeactivateThemself() async throws {
            try await withTandem { app in
                let admin = try await RouteRoleMatrixTests.signIn(.admin, app)
                let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "admin@example.org").first())
                let res = try await post(app, "/admin/users/\(try user.requireID().uuidString)/deactivate", cookie: admin)
                #expect(res.status == .unprocessableEntity)
                #expect(res.text.contains("You cannot deactivate your own account"))
            }
        }
    }
}
