import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct CallsTests {
        static let valid: [String: String] = [
            "slug": "2028-2030", "title": "Programme 2028-2030", "reference": "S/9999/2028", "opens": "2028-01-15",
            "closes": "2030-12-31", "status": "draft", "visitsPerPartnership": "2", "visitWindowMonths": "12",
            "intermissionMonths": "3", "noticeWeeks": "8", "sponsoredOfficialsPerState": "2", "exceptionalExtraOfficials": "1",
            "reapplicationGapYears": "4", "finalReportDueMonths": "6", "annualVisitCap": "10", "reviewDates": "",
        ]

        @Test func the2025CallIsShippedAndPublicInEachLanguage() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let stored = try #require(try await CallModel.query(on: app.db).filter(\.$slug == "2025-2027").first()).value()
                #expect(stored.reference == "S/2368/2025" && stored.status == .open && stored.rules == .current)
                #expect(stored.reviewDates == ReviewSchedule.quarterEnds(from: stored.opens, to: stored.closes))
                #expect(stored.thematicAreas == ThematicArea.annex2)

                var visitor = CookieJar()
                #expect(try await get(tester, "/programme/calls", jar: &visitor).text.contains("href=\"/programme/calls/2025-2027\""))
                let french = try await get(tester, "/programme/calls/2025-2027?lang=fr", jar: &visitor)
                #expect(french.status == .ok)
                #expect(french.text.contains("Législation nationale d’application de la Convention sur les armes chimiques"))
                #expect(french.text.contains("12 février 2025") && french.text.contains("31 mars 2025"))
                #expect(occurrences(of: "obligatoire pour les bénéficiaires", in: french.text) == 2)
                #expect(!french.text.contains("/programme/calls/2025-2027/edit"))
                #expect(try await get(tester, "/programme/calls/1999-2001", jar: &visitor).status == .notFound)
            }
        }

        @Test func theSecretariatPreparesADraftThatOnlyItSeesThenOpensIt() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                var wrong = Self.valid
                wrong["closes"] = "2027-12-31"
                wrong["noticeWeeks"] = "eight"
                let refused = try await post(tester, "/programme/calls", wrong, jar: &officer)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.text.contains("id=\"noticeWeeks-error\">Give a whole number."))
                #expect(refused.text.contains("value=\"eight\"") && refused.text.contains("value=\"S/9999/2028\""))
                wrong["noticeWeeks"] = "8"
                let backwards = try await post(tester, "/programme/calls", wrong, jar: &officer)
                #expect(backwards.text.contains("id=\"closes-error\">The call cannot close before it opens."))

                let made = try await post(tester, "/programme/calls", Self.valid, jar: &officer)
                #expect(made.status == .seeOther && made.headers.first(name: .location) == "/programme/calls/2028-2030")
                let call = try #require(try await CallModel.query(on: app.db).filter(\.$slug == "2028-2030").first()).value()
                #expect(call.reviewDates.count == 12 && call.reviewDates.first == CivilDate(iso: "2028-03-31"))
                #expect(call.rules.annualVisitCap == 10)

                var visitor = CookieJar()
                #expect(try await get(tester, "/programme/calls/2028-2030", jar: &visitor).status == .notFound)
                #expect(!(try await get(tester, "/programme/calls", jar: &visitor)).text.contains("2028-2030"))
                #expect(try await get(tester, "/programme/calls/2028-2030", jar: &officer).status == .ok)

                var opened = Self.valid
                opened["status"] = "open"
                opened["title"] = "Programme 2028-2030, open"
                opened["slug"] = "ignored-on-edit"
                #expect(try await post(tester, "/programme/calls/2028-2030", opened, jar: &officer).status == .seeOther)
                let page = try await get(tester, "/programme/calls/2028-2030", jar: &visitor)
                #expect(page.status == .ok && page.text.contains("Programme 2028-2030, open"))
                let audit = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$entity == "call")
                    .filter(\.$action == "update").first())
                #expect(audit.before.contains("\"status\":\"draft\"") && audit.after.contains("\"status\":\"open\""))
                #expect(audit.actor == "secretariat@example.org")
            }
        }
    }
}
