import Crypto
import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct TwoFactorTests {
        static func code(_ secret: String, at date: Date = Date()) throws -> String {
            let key = try #require(Base32.decode(secret))
            return TOTP(key: SymmetricKey(data: key), digest: .sha1, digits: .six, interval: 30).generate(time: date)
        }

        /// An account with a known password, made through the invitation link, on a browser of its own.
        func invited(_ app: Application, role: String, email: String) async throws -> (CookieJar, TestingHTTPResponse) {
            let tester = try app.testing()
            var admin = CookieJar(header: try await RouteRoleMatrixTests.signIn(.admin, app))
            _ = try await post(tester, "/admin/invitations", ["email": email, "role": role], jar: &admin)
            let message = try #require(try await OutboxMessageModel.query(on: app.db).filter(\.$recipient == email).first())
            var jar = CookieJar()
            let link = try InvitationsTests.link(in: message, "/account/welcome/")
            _ = try await get(tester, link, jar: &jar)
            let done = try await post(tester, link, ["password": "saffron tide compass", "confirmation": "saffron tide compass"], jar: &jar)
            return (jar, done)
        }

        /// The secret the set-up page shows, opened from its sealed form.
        static func pendingSecret(of user: UserModel, _ app: Application) throws -> String {
            try #require(user.totpPendingSecret.flatMap(app.secretBox.open))
        }

        /// A member who has set up an authenticator, signed in on `jar`.
        func enrolledMember(_ app: Application) async throws -> (UserModel, CookieJar) {
            let tester = try app.testing()
            var (jar, _) = try await invited(app, role: "member", email: "member.two@example.org")
            _ = try await get(tester, "/account/two-factor/setup", jar: &jar)
            let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "member.two@example.org").first())
            _ = try await post(tester, "/account/two-factor/setup", ["code": try Self.code(try Self.pendingSecret(of: user, app))], jar: &jar)
            return (user, jar)
        }

        @Test func aProgrammeOfficerMustSetItUpBeforeReachingAnyPage() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var (jar, done) = try await invited(app, role: "secretariat", email: "officer@opcw.example")
                #expect(done.headers.first(name: .location) == "/account/two-factor/setup")
                // Half signed in: no page but the set-up opens.
                #expect(try await get(tester, "/account", jar: &jar).status == .seeOther)
                #expect(try await get(tester, "/admin/invitations", jar: &jar).status == .seeOther)

                let setup = try await get(tester, "/account/two-factor/setup", jar: &jar)
                #expect(setup.status == .ok)
                #expect(setup.text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
                let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "officer@opcw.example").first())
                // Stored sealed: the database alone does not give the secret away.
                let sealed = try #require(user.totpPendingSecret)
                let secret = try #require(app.secretBox.open(sealed))
                #expect(sealed.hasPrefix(SecretBox.prefix) && !sealed.contains(secret))
                #expect(user.totpSecret == nil)
                #expect(setup.text.contains(String(secret.prefix(4)) + " "))

                let wrong = try await post(tester, "/account/two-factor/setup", ["code": "000000"], jar: &jar)
                #expect(wrong.status == .unprocessableEntity && wrong.text.contains("id=\"code-error\""))
                let right = try await post(tester, "/account/two-factor/setup", ["code": try Self.code(secret)], jar: &jar)
                #expect(right.status == .ok)
                let codes = right.text.components(separatedBy: "<li><code>").dropFirst().map { String($0.prefix(11)) }
                #expect(codes.count == 10 && codes.allSatisfy { $0.count == 11 && $0.contains("-") })
                #expect(try await get(tester, "/account", jar: &jar).text.contains("id=\"two-factor-status\">On"))
                let stored = try await RecoveryCodeModel.query(on: app.db).all().map(\.codeHash)
                #expect(stored.count == 10 && !stored.contains(codes[0]))
            }
        }

        @Test func signingInAsksForACodeThatWorksOnceAndRecoveryCodesWorkOnce() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var (jar, _) = try await invited(app, role: "secretariat", email: "officer@opcw.example")
                _ = try await get(tester, "/account/two-factor/setup", jar: &jar)
                let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "officer@opcw.example").first())
                let secret = try Self.pendingSecret(of: user, app)
                // Enrol with the previous step's code, so the current one is still unused for the sign-in below.
                let enrolled = try await post(tester, "/account/two-factor/setup", ["code": try Self.code(secret, at: Date().addingTimeInterval(-30))], jar: &jar)
                let recovery = enrolled.text.components(separatedBy: "<li><code>").dropFirst().map { String($0.prefix(11)) }

                func signIn() async throws -> CookieJar {
                    var browser = CookieJar()
                    _ = try await get(tester, "/account/sign-in", jar: &browser)
                    let answer = try await post(tester, "/account/sign-in", ["email": "officer@opcw.example", "password": "saffron tide compass"], jar: &browser)
                    #expect(answer.headers.first(name: .location) == "/account/two-factor")
                    return browser
                }
                var browser = try await signIn()
                #expect(try await get(tester, "/account", jar: &browser).status == .seeOther)
                #expect(try await get(tester, "/account/two-factor", jar: &browser).status == .ok)
                let wrong = try await post(tester, "/account/two-factor", ["code": "123456"], jar: &browser)
                #expect(wrong.status == .unauthorized && wrong.text.contains("This code is not right"))
                let code = try Self.code(secret)
                let right = try await post(tester, "/account/two-factor", ["code": String(code.prefix(3)) + " " + String(code.suffix(3))], jar: &browser)
                #expect(right.status == .seeOther && right.headers.first(name: .location) == "/tasks")
                #expect(try await get(tester, "/account", jar: &browser).status == .ok)

                // The same code again, on another browser: refused.
                var replay = try await signIn()
                #expect(try await post(tester, "/account/two-factor", ["code": code], jar: &replay).status == .unauthorized)
                // A recovery code, typed in capitals: accepted once.
                #expect(try await post(tester, "/account/two-factor", ["code": recovery[0].uppercased()], jar: &replay).status == .seeOther)
                var again = try await signIn()
                #expect(try await post(tester, "/account/two-factor", ["code": recovery[0]], jar: &again).status == .unauthorized)
                let signIns = try await AuditEntryModel.query(on: app.db).filter(\.$action == "sign_in").all().map(\.after)
                #expect(signIns.contains("{\"second_factor\":\"recovery_code\"}"))
            }
        }

        @Test func wrongCodesLockTheAccountLikeWrongPasswords() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                _ = try await enrolledMember(app)
                var browser = CookieJar()
                _ = try await get(tester, "/account/sign-in", jar: &browser)
                _ = try await post(tester, "/account/sign-in", ["email": "member.two@example.org", "password": "saffron tide compass"], jar: &browser)
                for _ in 1...ThrottleRule.account.maxFailures {
                    #expect(try await post(tester, "/account/two-factor", ["code": "999999"], jar: &browser).status == .unauthorized)
                }
                let locked = try await post(tester, "/account/two-factor", ["code": "999999"], jar: &browser)
                #expect(locked.status == .tooManyRequests && locked.headers.first(name: .retryAfter) != nil)
            }
        }

        @Test func onlyRolesThatDoNotRequireItMayTurnItOffAndOnlyWithThePassword() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var (user, jar) = try await enrolledMember(app)
                #expect(try await post(tester, "/account/two-factor/disable", ["password": "wrong one"], jar: &jar).status == .unauthorized)
                #expect(try await post(tester, "/account/two-factor/disable", ["password": "saffron tide compass"], jar: &jar).status == .seeOther)
                #expect(try await UserModel.find(user.id, on: app.db)?.totpSecret == nil)
                #expect(try await RecoveryCodeModel.query(on: app.db).count() == 0)
            }
        }

        @Test func developmentDemoAccountsAreSparedButNotInvitedStaff() async throws {
            try await withTandem({ $0.deployment = .development }) { app in
                let tester = try app.testing()
                var demo = CookieJar()
                _ = try await get(tester, "/account/sign-in", jar: &demo)
                let answer = try await post(tester, "/account/sign-in", ["email": "secretariat@demo.tandem", "password": DemoAccounts.password], jar: &demo)
                #expect(answer.headers.first(name: .location) == "/tasks")
                let (_, done) = try await invited(app, role: "secretariat", email: "officer@opcw.example")
                #expect(done.headers.first(name: .location) == "/account/two-factor/setup")
            }
        }

        @Test func secretsAreSealedUnderTheKeyAndThoseStoredBeforeAreSealedOnUpgrade() async throws {
            let box = SecretBox(key: Data(repeating: 7, count: 32)), other = SecretBox(key: Data(repeating: 8, count: 32))
            let sealed = try box.seal("JBSWY3DPEHPK3PXP")
            #expect(sealed != (try box.seal("JBSWY3DPEHPK3PXP")))
            #expect(box.open(sealed) == "JBSWY3DPEHPK3PXP" && other.open(sealed) == nil)
            #expect(box.open(String(sealed.dropLast(2)) + "AA") == nil)
            #expect(box.open("JBSWY3DPEHPK3PXP") == "JBSWY3DPEHPK3PXP")
            // Development keeps one key in a file only its owner reads.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-\(UUID().uuidString).key").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            let made = try SecretBox.developmentKey(at: file)
            let again = try SecretBox.developmentKey(at: file)
            let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
            #expect(made.count == 32 && again == made)
            #expect(permissions?.intValue == 0o600)
            try await withTandem { app in
                let user = UserModel(email: "earlier@example.org", displayName: "Enrolled earlier", language: .en, role: .member,
                                     stateISO3: nil, organisationID: nil)
                user.totpSecret = "JBSWY3DPEHPK3PXP"
                try await user.create(on: app.db)
                try await SealTwoFactorSecrets(box: app.secretBox).prepare(on: app.db)
                let stored = try #require(try await UserModel.find(user.id, on: app.db)?.totpSecret)
                #expect(stored.hasPrefix(SecretBox.prefix) && app.secretBox.open(stored) == "JBSWY3DPEHPK3PXP")
            }
        }
    }
}
