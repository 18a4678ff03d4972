import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// Once a year a published record's writer is asked whether it is still valid, by an email whose link confirms it in
    /// one click without signing in; the link works for that record and that year only.
    @Suite struct StillValidTests {
        @Test func theWriterIsAskedOnceAndConfirmsFromTheEmailWithoutSigningIn() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-11-20T08:00:00Z")
                app.clock = AppClock(now: { clock.now })
                let writer = UserModel(email: "writer@example.org", displayName: "Writer", language: .es, role: .organisation, stateISO3: nil, organisationID: nil)
                try await writer.create(on: app.db)
                let record = ClearingRecordModel(kind: .opportunity, ownerEmail: writer.email, visibility: .public, language: .en,
                                                 document: RecordDocument(values: ["title": "Yearly course"]).stored)
                let published = CivilDate(iso: "2025-12-10")!
                record.setPublication(Publication(status: .published, publishedOn: published, confirmedOn: published))
                try await record.create(on: app.db)
                let id = try record.requireID()
                let job = ClearingHouseReminders(app: app)
                #expect(try await job.run(on: app.db, now: clock.now).asked == 0)
                clock.set("2026-11-26T08:00:00Z")
                #expect(try await job.run(on: app.db, now: clock.now).asked == 1)
                #expect(try await job.run(on: app.db, now: clock.now).asked == 0)
                let mail = try #require(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "record_confirm").first())
                #expect(mail.recipient == "writer@example.org" && mail.language == "es" && mail.textBody.contains("10 de diciembre de 2026"))
                let path = try #require(mail.textBody.firstMatch(of: /\/clearing-house\/records\/[A-F0-9-]+\/still-valid\/[A-Za-z0-9_-]+/)).0

                let tester = try app.testing()
                var visitor = CookieJar(header: "\(Request.csrfCookie)=visitor")
                #expect(try await get(tester, String(path) + "x", jar: &visitor).status == .notFound)
                let page = try await get(tester, String(path), jar: &visitor)
                #expect(page.status == .ok && page.text.contains("id=\"still-valid\""))
                #expect(try await post(tester, String(path), [:], jar: &visitor).status == .seeOther)
                let stored = try #require(try await ClearingRecordModel.find(id, on: app.db))
                #expect(try stored.publication().confirmedOn == CivilDate(iso: "2026-11-26"))
                let audit = try await AuditEntryModel.query(on: app.db).filter(\.$entity == "clearing_record").filter(\.$action == "confirm").all()
                #expect(audit.map(\.actor) == ["writer@example.org"])
                // Used, the link says so and changes nothing; another record's path with this signature is not found.
                let again = try await get(tester, String(path), jar: &visitor)
                #expect(again.text.contains("id=\"still-valid-done\"") && !again.text.contains("id=\"still-valid\""))
                #expect(try await post(tester, String(path), [:], jar: &visitor).status == .seeOther)
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "confirm").count() == 1)
                let other = String(path).replacingOccurrences(of: id.uuidString, with: UUID().uuidString)
                #expect(try await get(tester, other, jar: &visitor).status == .notFound)
            }
        }

        @Test func anExpertNotUpdatedForFourYearsLeavesTheRosterOnceAndItsWriterIsTold() async throws {
            try await withTandem { app in
                let writer = UserModel(email: "peru@example.org", displayName: "Peru", language: .es, role: .focalPoint, stateISO3: "PER", organisationID: nil)
                try await writer.create(on: app.db)
                let today = CivilDate(utc: Date())
                let record = ClearingRecordModel(kind: .expert, ownerEmail: writer.email, stateISO3: "PER", visibility: .public, language: .es,
                                                 document: RecordDocument(values: ["title": "Ana Quispe"]).stored)
                record.setPublication(Publication(status: .published, publishedOn: today, confirmedOn: today))
                try await record.create(on: app.db)
                let job = ClearingHouseReminders(app: app)
                func at(_ day: CivilDate) -> Date { ISO8601DateFormatter().date(from: day.description + "T06:00:00Z")! }
                #expect(try await job.run(on: app.db, now: at(today.adding(years: 4).adding(days: -1))).lapsed == 0)
                #expect(try await job.run(on: app.db, now: at(today.adding(years: 4))).lapsed == 1)
                #expect(try await job.run(on: app.db, now: at(today.adding(years: 4))).lapsed == 0)
                #expect(try await ClearingRecordModel.find(record.requireID(), on: app.db)?.status == "withdrawn")
                let told = try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "record_lapsed").all()
                #expect(told.map(\.recipient) == ["peru@example.org"] && told[0].language == "es")
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "lapse").first()?.actor == "clearing-house")
            }
        }
    }
}
