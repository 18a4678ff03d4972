import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// Saved clearing-house searches: kept once per person, theirs alone, and an email of what is newly published that
    /// they find, once a day or a week, only when there is something.
    @Suite struct SavedSearchesTests {
        @Test func aSearchIsSavedOnceAndIsItsOwnersAlone() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var member = try await ClearingHousePagesTests().person("member@example.org", .member, on: app)
                var other = try await ClearingHousePagesTests().person("other@example.org", .member, on: app)
                let query = "q=securite&kind=opportunities&f.areas=chemical_safety_security&page=3"
                let saved = try await post(tester, "/clearing-house/saved", ["query": query, "name": "", "frequency": "daily"], jar: &member)
                #expect(saved.status == .seeOther)
                let search = try #require(try await SavedSearchModel.query(on: app.db).first())
                // Kept as the search reads it, without its page, named after its words.
                #expect(search.query == "q=securite&kind=opportunities&f.areas=chemical_safety_security" && search.name == "securite" && search.frequency == "daily")
                _ = try await post(tester, "/clearing-house/saved", ["query": query, "name": "again", "frequency": "weekly"], jar: &member)
                #expect(try await SavedSearchModel.query(on: app.db).count() == 1)
                let list = try await get(tester, "/clearing-house/saved", jar: &member)
                #expect(list.text.contains("href=\"/clearing-house/search?q=securite&amp;kind=opportunities&amp;f.areas=chemical_safety_security\"")
                        || list.text.contains("href=\"/clearing-house/search?q=securite&kind=opportunities&f.areas=chemical_safety_security\""))
                let id = try search.requireID().uuidString
                #expect(try await post(tester, "/clearing-house/saved/\(id)", ["frequency": "off"], jar: &other).status == .notFound)
                #expect(try await post(tester, "/clearing-house/saved/\(id)/delete", [:], jar: &other).status == .notFound)
                #expect(try await get(tester, "/clearing-house/saved", jar: &other).text.contains("securite") == false)
                #expect(try await post(tester, "/clearing-house/saved/\(id)", ["frequency": "weekly"], jar: &member).status == .seeOther)
                #expect(try await SavedSearchModel.find(search.requireID(), on: app.db)?.frequency == "weekly")
                #expect(try await post(tester, "/clearing-house/saved/\(id)/delete", [:], jar: &member).status == .seeOther)
                #expect(try await SavedSearchModel.query(on: app.db).count() == 0)
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$entity == "saved_search").count() == 3)
            }
        }

        @Test func anAlertListsWhatIsNewlyPublishedOnceADayAndNothingWhenNothingIsNew() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-12-01T09:00:00Z")
                app.clock = AppClock(now: { clock.now })
                let library = try await ClearingSearchTests().library(app)
                let owner = UserModel(email: "follower@example.org", displayName: "Follower", language: .fr, role: .member, stateISO3: nil, organisationID: nil)
                try await owner.create(on: app.db)
                let search = SavedSearchModel(userID: try owner.requireID(), name: "Sécurité", query: "q=securite", frequency: .daily, alertedAt: clock.now)
                try await search.create(on: app.db)
                func alerts() async throws -> [OutboxMessageModel] {
                    try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "saved_search_alert").all()
                }
                // Published before the search was saved: not news. Nothing new on the next day sends nothing.
                clock.set("2026-12-02T06:00:00Z")
                #expect(try await SavedSearchAlerts(app: app).run(on: app.db, now: clock.now) == 0)
                clock.set("2026-12-02T10:00:00Z")
                try await library.publish(.opportunity, .en, ["title": "Security of chemical plants", "opportunityKind": "course"],
                                          lists: ["areas": ["chemical_safety_security"]])
                try await library.publish(.opportunity, .en, ["title": "Inspections course", "opportunityKind": "course"], lists: ["areas": ["inspections"]])
                // Two instances' passes at the same moment send one email; a second pass that day sends none.
                clock.set("2026-12-03T06:00:00Z")
                let sent = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<2 { group.addTask { try await SavedSearchAlerts(app: app).run(on: app.db, now: clock.now) } }
                    return try await group.reduce(0, +)
                }
                #expect(sent == 1)
                #expect(try await SavedSearchAlerts(app: app).run(on: app.db, now: clock.now.addingTimeInterval(3600)) == 0)
                let mail = try #require(try await alerts().first)
                #expect(try await alerts().count == 1 && mail.recipient == "follower@example.org" && mail.language == "fr")
                #expect(mail.textBody.contains("Security of chemical plants") && !mail.textBody.contains("Inspections course")
                        && !mail.textBody.contains("Cours de sécurité chimique"))
                #expect(mail.textBody.contains("/clearing-house/search?q=securite") && mail.textBody.contains("/clearing-house/saved"))
                // Alerts off: nothing, whatever is published.
                let stored = try #require(try await SavedSearchModel.find(search.requireID(), on: app.db))
                stored.frequency = "off"
                try await stored.save(on: app.db)
                try await library.publish(.opportunity, .en, ["title": "Security again", "opportunityKind": "course"])
                clock.set("2026-12-05T06:00:00Z")
                #expect(try await SavedSearchAlerts(app: app).run(on: app.db, now: clock.now) == 0)
                _ = library
            }
        }
    }
}
