import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct InvitationsTests {
        /// The single-use path in a queued message's text.
        static func link(in message: OutboxMessageModel, _ prefix: String) throws -> String {
            let range = try #require(message.textBody.range(of: #"/account/(welcome|reset)/[A-Za-z0-9_-]+"#, options: .regularExpression))
            let path = String(message.textBody[range])
            #expect(path.hasPrefix(prefix))
            return path
        }

        @Test func anAdministratorInvitesAFocalPointWhoGetsAnEmailInTheirLanguage() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var admin = CookieJar(header: try await RouteRoleMatrixTests.signIn(.admin, app))
                let answer = try await post(tester, "/admin/invitations", [
                    "email": " Kwame@NA.gov.GH ", "name": "Kwame Boateng", "role": "focal_point", "state": "gha", "language": "fr",
                ], jar: &admin)
                #expect(answer.status == .seeOther)
                #expect(answer.headers.first(name: .location) == "/admin/invitations?sent=kwame@na.gov.gh")

                let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "kwame@na.gov.gh").first())
                #expect(user.role == "focal_point" && user.stateISO3 == "GHA" && user.language == "fr" && user.passwordHash.isEmpty)
                let message = try #require(try await OutboxMessageModel.query(on: app.db).first())
                #expect(message.recipient == "kwame@na.gov.gh" && message.kind == "invitation" && message.status == "pending")
                #expect(message.subject == "Votre invitation à Tandem")
                #expect(message.textBody.hasPrefix("Bonjour Kwame Boateng,"))
                #expect(message.textBody.contains("admin vous a invité(e) à rejoindre Tandem avec le rôle : Point focal"))
                #expect(message.htmlBody?.contains("<a href=\"http://127.0.0.1:8080/account/welcome/") == true)
                let audit = try await AuditEntryModel.query(on: app.db).filter(\.$action == "invite").all()
                #expect(audit.map(\.entityKey) == ["kwame@na.gov.gh"] && audit.first?.actor == "admin@example.org")

                // The link in the email is the one that sets the password.
                var browser = CookieJar()
                let link = try Self.link(in: message, "/account/welcome/")
                var englishBrowser = browser.header
                englishBrowser.add(name: .acceptLanguage, value: "en-GB,en")
                let welcome = try await tester.performTest(request: .init(method: .GET, url: .init(path: link), headers: englishBrowser, body: ByteBuffer()))
                #expect(welcome.status == .ok && welcome.body.string.contains("<html lang=\"fr\">"))
                #expect(try await get(tester, link, jar: &browser).status == .ok)
                let done = try await post(tester, link, ["password": "granite meadow falcon", "confirmation": "granite meadow falcon"], jar: &browser)
                #expect(done.status == .seeOther && browser.values[Request.sessionCookie] != nil)
                // Signed in, the pages speak the account's language, whatever the browser asks for.
                var english = browser.header
                english.add(name: .acceptLanguage, value: "en-GB,en")
                let landing = try await tester.performTest(request: .init(method: .GET, url: .init(path: "/tasks"), headers: english, body: ByteBuffer()))
                #expect(landing.body.string.contains("<html lang=\"fr\">") && landing.body.string.contains("Ce qui vous attend"))

                let page = try await get(tester, "/admin/invitations", jar: &admin)
                #expect(page.text.contains("kwame@na.gov.gh") && page.text.contains("Accepted"))
            }
        }

        @Test func aFormWithMistakesComesBackWithEveryValueAndEveryError() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let wrong = try await post(tester, "/admin/invitations", [
                    "email": "not an address", "name": "Ana Pérez", "role": "focal_point", "state": "", "organisation": "Keep me",
                ], jar: &officer)
                #expect(wrong.status == .unprocessableEntity)
                #expect(wrong.text.contains("id=\"email-error\">Enter an email address such as name@example.org."))
                #expect(wrong.text.contains("id=\"state-error\">A focal point needs the State Party they act for."))
                #expect(wrong.text.contains("value=\"not an address\"") && wrong.text.contains("value=\"Ana Pérez\""))
                #expect(wrong.text.contains("value=\"Keep me\""))
                #expect(wrong.text.contains("<option value=\"focal_point\" selected>"))

                // A programme officer may not make an administrator, whatever the form says.
                #expect(!(try await get(tester, "/admin/invitations", jar: &officer)).text.contains("value=\"admin\""))
                let admin = try await post(tester, "/admin/invitations", ["email": "boss@example.org", "role": "admin"], jar: &officer)
                #expect(admin.status == .unprocessableEntity)
                #expect(admin.text.contains("id=\"role-error\">You may not invite someone with this role"))
                #expect(try await UserModel.query(on: app.db).filter(\.$email == "boss@example.org").count() == 0)
                #expect(try await OutboxMessageModel.query(on: app.db).count() == 0)
            }
        }

        @Test func invitingAgainSomeoneWhoNeverAcceptedSendsAFreshLink() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var admin = CookieJar(header: try await RouteRoleMatrixTests.signIn(.admin, app))
                for _ in 1...2 {
                    let answer = try await post(tester, "/admin/invitations", ["email": "late@example.org", "role": "member"], jar: &admin)
                    #expect(answer.status == .seeOther)
                }
                let messages = try await OutboxMessageModel.query(on: app.db).sort(\.$createdAt).all()
                #expect(messages.map(\.kind) == ["invitation", "invitation"])
                let links = try messages.map { try Self.link(in: $0, "/account/welcome/") }
                #expect(Set(links).count == 2)
                var browser = CookieJar()
                let links0 = links.first ?? ""
                #expect(try await get(tester, links0, jar: &browser).status == .gone)
                #expect(try await get(tester, links.last ?? "", jar: &browser).status == .ok)
                #expect(try await get(tester, "/admin/invitations", jar: &admin).text.contains("Replaced by a newer link"))
            }
        }

        @Test func invitingAnExistingAddressAnswersTheSameAndTellsItsOwner() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var admin = CookieJar(header: try await RouteRoleMatrixTests.signIn(.admin, app))
                _ = try await RouteRoleMatrixTests.signIn(.member, app)  // makes member@example.org
                let made = try #require(try await UserModel.query(on: app.db).filter(\.$email == "member@example.org").first())
                made.passwordHash = try app.password.hash("an accepted invitation")
                try await made.save(on: app.db)
                let existing = try await post(tester, "/admin/invitations", ["email": "member@example.org", "role": "secretariat"], jar: &admin)
                let fresh = try await post(tester, "/admin/invitations", ["email": "new@example.org", "role": "secretariat"], jar: &admin)
                #expect(existing.status == .seeOther && fresh.status == .seeOther)
                #expect(existing.headers.first(name: .location) == "/admin/invitations?sent=member@example.org")
                #expect(fresh.headers.first(name: .location) == "/admin/invitations?sent=new@example.org")

                let member = try #require(try await UserModel.query(on: app.db).filter(\.$email == "member@example.org").first())
                #expect(member.role == "member")
                let kinds = Set(try await OutboxMessageModel.query(on: app.db).all().map { "\($0.kind) \($0.recipient)" })
                #expect(kinds == ["already_registered member@example.org", "invitation new@example.org"])
                let note = try #require(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "already_registered").first())
                #expect(note.textBody.contains("/account/reset") && !note.textBody.contains("/account/welcome/"))
            }
        }
    }
}
