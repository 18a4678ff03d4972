import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// The weekly email of what needs a person: asked for on the account page, sent once a week from Monday 06:00 UTC
    /// in the person's language, and not sent in a week with nothing to do.
    @Suite struct WeeklyDigestTests {
        @Test func aFocalPointWhoAsksGetsTheirListOnceAWeekInTheirLanguage() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var ghana = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                var member = CookieJar(header: try await RouteRoleMatrixTests.signIn(.member, app))
                #expect(try await get(tester, "/account", jar: &ghana).text.contains("name=\"weeklyDigest\""))
                #expect(!(try await get(tester, "/account", jar: &member).text.contains("name=\"weeklyDigest\"")))

                let saved = try await post(tester, "/account/profile", ["name": "Kofi Mensah", "language": "fr", "weeklyDigest": "yes"], jar: &ghana)
                #expect(saved.status == .seeOther)
                #expect(try await get(tester, saved.headers.first(name: .location) ?? "", jar: &ghana).text.contains("Votre profil est enregistré."))
                // Nobody without a list gets the email, whatever their form says.
                _ = try await post(tester, "/account/profile", ["name": "member", "language": "en", "weeklyDigest": "yes"], jar: &member)
                let users = try await UserModel.query(on: app.db).all()
                #expect(users.first { $0.email == "focalpoint@example.org" }?.weeklyDigest == true)
                #expect(users.first { $0.email == "member@example.org" }?.weeklyDigest == false)

                // An officer with nothing to do asked for it too: no email for an empty week.
                let officer = UserModel(email: "officer@example.org", displayName: "Officer", language: .en, role: .secretariat, stateISO3: nil, organisationID: nil)
                officer.weeklyDigest = true
                try await officer.create(on: app.db)
                #expect(try await TaskList.of(TaskReader(officer, on: app.db, app)).count == 0)

                func moment(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }
                let digest = WeeklyDigest(app: app)
                #expect(try await digest.run(on: app.db, now: moment("2026-11-30T05:59:00Z")) == 0)  // Monday, before six
                // Two instances making the pass at the same moment send it once: the week's key is unique.
                let sent = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<2 { group.addTask { try await WeeklyDigest(app: app).run(on: app.db, now: moment("2026-11-30T06:00:00Z")) } }
                    return try await group.reduce(0, +)
                }
                #expect(sent == 1)
                #expect(try await digest.run(on: app.db, now: moment("2026-12-03T10:00:00Z")) == 0)  // the same week
                let mails = try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "weekly_digest").all()
                #expect(mails.count == 1 && mails[0].recipient == "focalpoint@example.org")
                #expect(mails[0].subject == "Ce qui vous attend cette semaine (1)")
                #expect(mails[0].textBody.contains("/programme/calls/2025-2027"))
                #expect(mails[0].textBody.contains("/tasks"))
                // A server that was down on Monday sends it on its first pass later in the week; the next week, again.
                #expect(try await digest.run(on: app.db, now: moment("2026-12-09T15:00:00Z")) == 1)
                #expect(WeeklyDigest.week(of: moment("2026-12-28T07:00:00Z")) == "2026-W53")
                #expect(WeeklyDigest.week(of: moment("2027-01-04T06:00:00Z")) == "2027-W01")
            }
        }
    }
}
