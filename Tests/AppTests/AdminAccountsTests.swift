import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct AdminAccountsTests {
        @Test func anAdministratorMakesAMemberTheFocalPointOfAState() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var admin = CookieJar(header: try await RouteRoleMatrixTests.signIn(.admin, app))
                _ = try await RouteRoleMatrixTests.signIn(.member, app)
                let member = try #require(try await UserModel.query(on: app.db).filter(\.$email == "member@example.org").first())
                let path = "/admin/users/\(try member.requireID())"
                #expect(try await get(tester, "/admin/users", jar: &admin).text.contains("href=\"\(path)\""))
                #expect(try await get(tester, path, jar: &admin).status == .ok)

                let missing = try await post(tester, path + "/role", ["role": "focal_point", "state": ""], jar: &admin)
                #expect(missing.status == .unprocessableEntity && missing.text.contains("id=\"state-error\""))
                #expect(missing.text.contains("<option value=\"focal_point\" selected>"))
                let done = try await post(tester, path + "/role", ["role": "focal_point", "state": "per"], jar: &admin)
                #expect(done.status == .seeOther)
                let changed = try #require(try await UserModel.find(member.id, on: app.db))
                #expect(changed.role == "focal_point" && changed.stateISO3 == "PER")
                let audit = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$action == "change_role").first())
                #expect(audit.before.contains("\"role\":\"member\"") && audit.after.contains("\"state\":\"PER\""))

                // Back to member: the state goes with the role.
                _ = try await post(tester, path + "/role", ["role": "member", "state": "PER"], jar: &admin)
                #expect(try await UserModel.find(member.id, on: app.db)?.stateISO3 == nil)

                let me = try #require(try await UserModel.query(on: app.db).filter(\.$email == "admin@example.org").first())
                let own = try await post(tester, "/admin/users/\(try me.requireID())/role", ["role": "member"], jar: &admin)
                #expect(own.status == .unprocessableEntity && own.text.contains("You cannot change your own role"))
            }
        }

        @Test func anAdministratorRevokesAUsersTokenAndResetsTheirTwoFactorSignIn() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var admin = CookieJar(header: try await RouteRoleMatrixTests.signIn(.admin, app))
                var member = CookieJar(header: try await RouteRoleMatrixTests.signIn(.member, app))
                let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "member@example.org").first())
                let (token, _) = APITokenModel.make(for: try user.requireID(), name: "reporting script", scope: .read)
                try await token.create(on: app.db)
                user.totpSecret = try app.secretBox.seal(TwoFactor.newSecret())
                try await user.save(on: app.db)
                let path = "/admin/users/\(try user.requireID())"
                let page = try await get(tester, path, jar: &admin)
                #expect(page.text.contains("reporting script") && page.text.contains("Reset two-factor sign-in"))

                #expect(try await post(tester, path + "/tokens/\(try token.requireID())/revoke", [:], jar: &admin).status == .seeOther)
                #expect(try await APITokenModel.find(token.id, on: app.db)?.revokedAt != nil)
                #expect(try await post(tester, path + "/reset-two-factor", [:], jar: &admin).status == .seeOther)
                #expect(try await UserModel.find(user.id, on: app.db)?.totpSecret == nil)
                // Their sessions ended with it.
                #expect(try await get(tester, "/account", jar: &member).status == .seeOther)
                let actions = Set(try await AuditEntryModel.query(on: app.db).all().map(\.action))
                #expect(actions.isSuperset(of: ["revoke", "reset_two_factor"]))
            }
        }

        @Test func organisationsAreAddedAndEditedWithTheirKindAndCountry() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var admin = CookieJar(header: try await RouteRoleMatrixTests.signIn(.admin, app))
                let bad = try await post(tester, "/admin/organisations", ["name": "", "kind": "club", "country": "ZZZ"], jar: &admin)
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.text.contains("id=\"name-error\"") && bad.text.contains("id=\"kind-error\"") && bad.text.contains("id=\"country-error\""))
                let made = try await post(tester, "/admin/organisations", ["name": "Institute of Chemical Safety", "kind": "academic", "country": "ken"], jar: &admin)
                #expect(made.status == .seeOther)
                let organisation = try #require(try await OrganisationModel.query(on: app.db).filter(\.$name == "Institute of Chemical Safety").first())
                #expect(organisation.kind == "academic" && organisation.countryISO3 == "KEN")
                let list = try await get(tester, "/admin/organisations", jar: &admin)
                #expect(list.text.contains("Academic or research institution") && list.text.contains("Kenya"))

                let duplicate = try await post(tester, "/admin/organisations", ["name": "Institute of Chemical Safety", "kind": "other"], jar: &admin)
                #expect(duplicate.text.contains("Another organisation already has this name."))
                let renamed = try await post(tester, "/admin/organisations/\(try organisation.requireID())",
                                             ["name": "Institute of Chemical Safety and Security", "kind": "academic", "country": ""], jar: &admin)
                #expect(renamed.status == .seeOther)
                let after = try #require(try await OrganisationModel.find(organisation.id, on: app.db))
                #expect(after.name == "Institute of Chemical Safety and Security" && after.countryISO3 == nil)
            }
        }
    }
}
