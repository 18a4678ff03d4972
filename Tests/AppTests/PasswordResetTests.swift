import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct PasswordResetTests {
        /// An account with a password, signed in on a browser of its own.
        func member(_ app: Application) async throws -> (UserModel, CookieJar) {
            let jar = CookieJar(header: try await RouteRoleMatrixTests.signIn(.member, app))
            let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "member@example.org").first())
            user.passwordHash = try app.password.hash("old password here")
            user.language = "es"
            try await user.save(on: app.db)
            return (user, jar)
        }

        @Test func theAnswerIsTheSameForKnownAndUnknownAddresses() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                _ = try await member(app)
                var jar = CookieJar()
                _ = try await get(tester, "/account/reset", jar: &jar)
                let known = try await post(tester, "/account/reset", ["email": "Member@Example.org"], jar: &jar)
                let unknown = try await post(tester, "/account/reset", ["email": "ghost@example.org"], jar: &jar)
                #expect(known.status == .ok && unknown.status == .ok)
                #expect(known.text == unknown.text)
                #expect(known.text.contains("If this address belongs to an account"))
                let messages = try await OutboxMessageModel.query(on: app.db).all()
                #expect(messages.map(\.recipient) == ["member@example.org"])
                #expect(messages.first?.subject == "Elegir una nueva contraseña de Tandem")
            }
        }

        @Test func theLinkSetsANewPasswordOnceAndEndsEveryOtherSession() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var (_, other) = try await member(app)
                var jar = CookieJar()
                _ = try await get(tester, "/account/reset", jar: &jar)
                _ = try await post(tester, "/account/reset", ["email": "member@example.org"], jar: &jar)
                let message = try #require(try await OutboxMessageModel.query(on: app.db).first())
                let link = try InvitationsTests.link(in: message, "/account/reset/")

                #expect(try await get(tester, link, jar: &jar).status == .ok)
                // An invitation address does not accept a reset secret, nor the other way round.
                #expect(try await get(tester, link.replacingOccurrences(of: "/reset/", with: "/welcome/"), jar: &jar).status == .notFound)
                let done = try await post(tester, link, ["password": "copper willow beacon", "confirmation": "copper willow beacon"], jar: &jar)
                #expect(done.status == .seeOther && jar.values[Request.sessionCookie] != nil)
                #expect(try await get(tester, link, jar: &jar).status == .gone)
                // The browser that was signed in before the reset is signed out.
                #expect(try await get(tester, "/account", jar: &other).status == .seeOther)

                jar.values[Request.sessionCookie] = nil
                let signIn = try await post(tester, "/account/sign-in", ["email": "member@example.org", "password": "copper willow beacon"], jar: &jar)
                #expect(signIn.status == .seeOther)
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "reset_password").count() == 1)
            }
        }

        @Test func aLinkExpiresAfterAnHourAndRequestsAreCapped() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                _ = try await member(app)
                var jar = CookieJar()
                _ = try await get(tester, "/account/reset", jar: &jar)
                for _ in 1...5 { _ = try await post(tester, "/account/reset", ["email": "member@example.org"], jar: &jar) }
                #expect(try await OutboxMessageModel.query(on: app.db).count() == PasswordLinksController.resetsPerHour)

                let link = try InvitationsTests.link(in: try #require(try await OutboxMessageModel.query(on: app.db).first()), "/account/reset/")
                app.clock = AppClock(now: { Date().addingTimeInterval(3601) })
                let late = try await get(tester, link, jar: &jar)
                #expect(late.status == .gone)
                #expect(late.text.contains("Ask for a new one from the sign-in page."))
            }
        }
    }
}
