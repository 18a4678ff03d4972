import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct AccountsTests {
        /// Runs `tandem users create` and returns the path of the link it prints.
        func invite(_ app: Application, _ arguments: [String]) async throws -> String {
            var context = CommandContext(console: app.console, input: CommandInput(arguments: ["tandem", "create"] + arguments))
            context.application = app
            try await UsersCommand().run(using: &context)
            let token = try #require(try await OneTimeTokenModel.query(on: app.db).sort(\.$createdAt, .descending).first())
            #expect(token.expiresAt.timeIntervalSince(Date()) > 6.9 * 24 * 3600)
            // The printed secret is not stored; tests make their own link with a known secret.
            let secret = SecretToken.make()
            token.tokenHash = SecretToken.hash(secret)
            try await token.save(on: app.db)
            return "/account/welcome/\(secret)"
        }

        @Test func anInvitedFocalPointSetsAPasswordAndIsSignedIn() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let link = try await invite(app, ["--email", "Amina@NA.gov.gh", "--role", "focal_point", "--state", "gha", "--name", "Amina Mensah"])
                var jar = CookieJar()
                let page = try await get(tester, link, jar: &jar)
                #expect(page.status == .ok)
                #expect(page.text.contains("amina@na.gov.gh"))

                let weak = try await post(tester, link, ["password": "password1234", "confirmation": "password1234"], jar: &jar)
                #expect(weak.status == .unprocessableEntity)
                #expect(weak.text.contains("id=\"password-error\">This password is too common"))
                let short = try await post(tester, link, ["password": "short", "confirmation": "short"], jar: &jar)
                #expect(short.text.contains("Use at least 12 characters."))
                let mismatch = try await post(tester, link, ["password": "kettle orbit lantern", "confirmation": "kettle orbit"], jar: &jar)
                #expect(mismatch.text.contains("id=\"confirmation-error\">The two passwords are not the same."))

                let done = try await post(tester, link, ["password": "kettle orbit lantern", "confirmation": "kettle orbit lantern"], jar: &jar)
                #expect(done.status == .seeOther)
                #expect(done.headers.first(name: .location) == "/tasks")
                let cookie = try #require(done.headers.setCookie?[Request.sessionCookie])
                #expect(cookie.isHTTPOnly && cookie.sameSite == .lax)

                let account = try await get(tester, "/account", jar: &jar)
                #expect(account.text.contains("Amina Mensah"))
                #expect(account.text.contains("National Authority focal point"))
                #expect(account.text.contains("<dd>Ghana</dd>"))

                let reused = try await get(tester, link, jar: &jar)
                #expect(reused.status == .gone)
                #expect(reused.text.contains("This link no longer works"))
                let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "amina@na.gov.gh").first())
                #expect(user.passwordHash.hasPrefix("$2"))
                #expect(!user.passwordHash.contains("kettle"))
            }
        }

        @Test func anExpiredLinkIsGone() async throws {
            try await withTandem { app in
                let link = try await invite(app, ["--email", "late@example.org", "--role", "member"])
                app.clock = AppClock(now: { Date().addingTimeInterval(8 * 24 * 3600) })
                var jar = CookieJar()
                #expect(try await get(try app.testing(), link, jar: &jar).status == .gone)
            }
        }

        @Test func theCommandRefusesIncompleteOrDuplicateAccounts() async throws {
            try await withTandem { app in
                _ = try await invite(app, ["--email", "one@example.org", "--role", "secretariat"])
                for arguments in [["--email", "one@example.org", "--role", "member"], ["--email", "nobody", "--role", "member"],
                                  ["--email", "two@example.org", "--role", "king"], ["--email", "fp@example.org", "--role", "focal_point"],
                                  ["--email", "org@example.org", "--role", "organisation"]] {
                    await #expect(throws: CommandFailure.self, "\(arguments)") { try await invite(app, arguments) }
                }
                #expect(try await UserModel.query(on: app.db).count() == 1)
            }
        }

        @Test func signInFailsTheSameWayForAWrongPasswordAndAnUnknownEmail() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let link = try await invite(app, ["--email", "officer@opcw.example", "--role", "member"])
                var jar = CookieJar()
                _ = try await get(tester, link, jar: &jar)
                _ = try await post(tester, link, ["password": "violet harbour engine", "confirmation": "violet harbour engine"], jar: &jar)
                jar.values[Request.sessionCookie] = nil

                _ = try await get(tester, "/account/sign-in", jar: &jar)
                let wrong = try await post(tester, "/account/sign-in", ["email": "officer@opcw.example", "password": "violet harbour"], jar: &jar)
                let unknown = try await post(tester, "/account/sign-in", ["email": "ghost@opcw.example", "password": "violet harbour"], jar: &jar)
                #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
                let message = "The email or the password is not right."
                #expect(wrong.text.contains(message) && unknown.text.contains(message))
                #expect(wrong.text.contains("value=\"officer@opcw.example\""))

                let right = try await post(tester, "/account/sign-in", ["email": "OFFICER@opcw.example ", "password": "violet harbour engine"], jar: &jar)
                #expect(right.status == .seeOther)
                #expect(try await get(tester, "/account", jar: &jar).text.contains("officer@opcw.example"))
            }
        }

        @Test func repeatedFailuresLockTheAccountForAWhileKnownOrNot() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let link = try await invite(app, ["--email", "fp@na.gov.tg", "--role", "focal_point", "--state", "TGO"])
                var jar = CookieJar()
                _ = try await get(tester, link, jar: &jar)
                _ = try await post(tester, link, ["password": "saffron pebble rocket", "confirmation": "saffron pebble rocket"], jar: &jar)
                jar.values[Request.sessionCookie] = nil
                for email in ["fp@na.gov.tg", "nobody@na.gov.tg"] {
                    for _ in 1...5 {
                        let failed = try await post(tester, "/account/sign-in", ["email": email, "password": "wrong guess 123"], jar: &jar)
                        #expect(failed.status == .unauthorized)
                    }
                    let locked = try await post(tester, "/account/sign-in", ["email": email, "password": "saffron pebble rocket"], jar: &jar)
                    #expect(locked.status == .tooManyRequests, "\(email)")
                    #expect(locked.headers.first(name: .retryAfter) == "900")
                    #expect(locked.text.contains("Too many unsuccessful attempts. Wait 15 minute(s)"))
                }
                app.clock = AppClock(now: { Date().addingTimeInterval(16 * 60) })
                let later = try await post(tester, "/account/sign-in", ["email": "fp@na.gov.tg", "password": "saffron pebble rocket"], jar: &jar)
                #expect(later.status == .seeOther)
                #expect(try await SignInThrottleModel.query(on: app.db).filter(\.$key == "email:fp@na.gov.tg").count() == 0)
            }
        }

        @Test func developmentHasADemoAccountForEachRoleAndOtherDeploymentsNone() async throws {
            try await withTandem({ $0.deployment = .development }) { app in
                try await app.prepareDatabase()
                let users = try await UserModel.query(on: app.db).all()
                #expect(Set(DemoAccounts.people.map(\.email)).isSubset(of: users.map(\.email)))
                #expect(Set(users.map(\.role)) == Set(Role.allCases.map(\.rawValue)))
                // The rest are the demo pool's focal points, one per state of the pool without one.
                let others = users.filter { !DemoAccounts.isDemo($0.email) }
                #expect(others.count == 19 && others.allSatisfy { $0.role == Role.focalPoint.rawValue && $0.email == DemoApplications.focalPoint(of: $0.stateISO3 ?? "") })
                var jar = CookieJar()
                let tester = try app.testing()
                _ = try await get(tester, "/account/sign-in", jar: &jar)
                let signedIn = try await post(tester, "/account/sign-in", ["email": "ghana@demo.tandem", "password": DemoAccounts.password], jar: &jar)
                #expect(signedIn.status == .seeOther)
            }
            try await withTandem { app in
                let count = try await UserModel.query(on: app.db).count()
                #expect(count == 0)
            }
        }

        @Test func signingOutEverywhereEndsEverySessionOfThePerson() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let link = try await invite(app, ["--email", "two@example.org", "--role", "member"])
                var laptop = CookieJar()
                _ = try await get(tester, link, jar: &laptop)
                _ = try await post(tester, link, ["password": "marble cactus drumroll", "confirmation": "marble cactus drumroll"], jar: &laptop)
                var phone = CookieJar()
                _ = try await get(tester, "/account/sign-in", jar: &phone)
                _ = try await post(tester, "/account/sign-in", ["email": "two@example.org", "password": "marble cactus drumroll"], jar: &phone)
                let account = try await get(tester, "/account", jar: &laptop)
                #expect(occurrences(of: "<tr><th scope=\"row\">", in: account.text) == 2)
                #expect(occurrences(of: "(this browser)", in: account.text) == 1)

                let out = try await post(tester, "/account/sign-out-everywhere", [:], jar: &phone)
                #expect(out.status == .seeOther)
                #expect(try await SessionModel.query(on: app.db).count() == 0)
                #expect(try await get(tester, "/account", jar: &laptop).status == .seeOther)
            }
        }

        @Test func aFormWithoutItsTokenIsRefused() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var jar = CookieJar()
                _ = try await get(tester, "/account/sign-in", jar: &jar)
                #expect(jar.values[Request.csrfCookie] != nil)
                let missing = try await post(tester, "/account/sign-in", ["email": "a@b.org", "password": "x"], jar: &jar, csrf: false)
                #expect(missing.status == .forbidden)
                #expect(missing.text.contains("This form has expired or did not come from Tandem"))
                let forged = try await post(tester, "/account/sign-in", ["email": "a@b.org", "password": "x", "_csrf": "forged"], jar: &jar, csrf: false)
                #expect(forged.status == .forbidden)
            }
        }

        @Test func signingOutEndsTheSessionOnTheServerAndIdleSessionsEnd() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let link = try await invite(app, ["--email", "admin@opcw.example", "--role", "organisation", "--organisation", "Partner"])
                var jar = CookieJar()
                _ = try await get(tester, link, jar: &jar)
                _ = try await post(tester, link, ["password": "granite meadow falcon", "confirmation": "granite meadow falcon"], jar: &jar)
                let stolen = jar
                #expect(try await SessionModel.query(on: app.db).count() == 1)

                let out = try await post(tester, "/account/sign-out", [:], jar: &jar)
                #expect(out.status == .seeOther)
                #expect(try await SessionModel.query(on: app.db).count() == 0)
                var replay = stolen
                #expect(try await get(tester, "/account", jar: &replay).status == .seeOther)

                // A new session, left unused for longer than the idle timeout, ends.
                jar = CookieJar()
                _ = try await get(tester, "/account/sign-in", jar: &jar)
                _ = try await post(tester, "/account/sign-in", ["email": "admin@opcw.example", "password": "granite meadow falcon"], jar: &jar)
                #expect(try await get(tester, "/account", jar: &jar).status == .ok)
                app.clock = AppClock(now: { Date().addingTimeInterval(9 * 3600) })
                #expect(try await get(tester, "/account", jar: &jar).status == .seeOther)
            }
        }

        @Test func signedInPagesAreNeverServedFromTheSharedCache() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var anonymous = CookieJar()
                for _ in 1...2 { #expect(try await get(tester, "/", jar: &anonymous).text.contains(">Sign in</a>")) }
                let link = try await invite(app, ["--email", "m@example.org", "--role", "member", "--name", "Mariam"])
                var jar = CookieJar()
                _ = try await get(tester, link, jar: &jar)
                _ = try await post(tester, link, ["password": "copper willow signal", "confirmation": "copper willow signal"], jar: &jar)
                let home = try await get(tester, "/", jar: &jar)
                #expect(home.text.contains(">Mariam</a>"))
                #expect(!home.text.contains(">Sign in</a>"))
            }
        }
    }
}

extension AppTests {
    @Suite struct ReturnAfterSignInTests {
        @Test func signingInReturnsToThePageThatAskedAndNeverToAnotherSite() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                _ = try await RouteRoleMatrixTests.signIn(.member, app)
                let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "member@example.org").first())
                user.passwordHash = try app.password.hash("members own password")
                try await user.save(on: app.db)

                var jar = CookieJar()
                let asked = try await get(tester, "/applications", jar: &jar)
                #expect(asked.headers.first(name: .location) == "/account/sign-in?next=/applications")
                let page = try await get(tester, "/account/sign-in?next=/applications", jar: &jar)
                #expect(page.text.contains("name=\"next\" value=\"/applications\""))
                let back = try await post(tester, "/account/sign-in", ["email": "member@example.org", "password": "members own password",
                                                                       "next": "/applications"], jar: &jar)
                #expect(back.headers.first(name: .location) == "/applications")

                for hostile in ["//evil.example/x", "https://evil.example", "/\\evil.example", "/\t/evil.example", "/\u{0}/evil.example",
                                "/ /evil.example", "/\u{200B}/evil.example"] {
                    var other = CookieJar()
                    _ = try await get(tester, "/account/sign-in", jar: &other)
                    let answer = try await post(tester, "/account/sign-in", ["email": "member@example.org", "password": "members own password",
                                                                             "next": hostile], jar: &other)
                    #expect(answer.headers.first(name: .location) == "/tasks", "\(hostile)")
                }
            }
        }
    }
}
