import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// Each person lands on what needs them: the call to apply to, the proposal to answer, the visit dates to give,
    /// the report to co-sign; for the Secretariat what the states sent. The count beside "To do" follows.
    @Suite struct TasksTests {
        typealias Lifecycle = PartnershipLifecycleTests

        @Test func signingInLandsOnWhatNeedsThePersonAndAnAnsweredProposalLeavesIt() async throws {
            try await withTandem { app in
                app.clock = TestClock("2026-12-03T09:00:00Z").clock
                let tester = try app.testing()
                var officer = try await MatchingTests().pool(app)
                // The pool, in French: the states in the order French readers expect, after a French colon.
                let pool = try await get(tester, "/tasks?lang=fr", jar: &officer).text
                let georgia = try #require(pool.range(of: "Géorgie")), guatemala = try #require(pool.range(of: "Guatemala"))
                #expect(pool.contains("21 États : ") && georgia.lowerBound < guatemala.lowerBound)
                #expect(try await post(tester, "/programme/calls/2025-2027/matching/runs", MatchingTests.defaults, jar: &officer).status == .seeOther)
                #expect(try await post(tester, "/programme/calls/2025-2027/matching/runs/1/approve", [:], jar: &officer).status == .seeOther)
                let proposal = try #require(try await PartnershipProposalModel.query(on: app.db).filter(\.$menteeISO3 == "PER").first())
                let href = "/proposals/\(try proposal.requireID().uuidString)"

                // Signing in leads to the list, which names the proposal and links to it.
                var peru = CookieJar()
                _ = try await get(tester, "/account/sign-in", jar: &peru)
                let signedIn = try await post(tester, "/account/sign-in", ["email": "per@demo.tandem", "password": DemoAccounts.password], jar: &peru)
                #expect(signedIn.headers.first(name: .location) == "/tasks")
                let tasks = try await get(tester, "/tasks?lang=en", jar: &peru)
                let mentor = app.statesDirectory.name(proposal.mentorISO3, in: .en)
                #expect(tasks.status == .ok && tasks.text.contains("Peru: what to do next in the programme"))
                #expect(tasks.text.contains("href=\"\(href)\">Be mentored by \(mentor): answer the proposal</a>"))
                #expect(tasks.text.contains("<span class=\"count-badge\">1</span>"))
                // The answer is confirmed once, on the page it leads to, in the page's language.
                #expect(try await post(tester, href + "/answer", ["answer": "accepted"], jar: &peru).status == .seeOther)
                let confirmed = try await get(tester, href + "?lang=es", jar: &peru)
                #expect(confirmed.text.contains("<p class=\"notice confirmation\" role=\"status\" id=\"confirmation\">Su aceptación ha quedado registrada."))
                #expect(!(try await get(tester, href + "?lang=es", jar: &peru).text.contains("id=\"confirmation\"")))
                // Only Tandem's own confirmations are shown: nothing typed into the cookie is echoed.
                for forged in ["error_404_message", "done_<b>x</b>", "done_unknown"] {
                    var forging = peru
                    forging.values[Confirmation.cookie] = forged
                    #expect(!(try await get(tester, href, jar: &forging).text.contains("id=\"confirmation\"")))
                }
                let after = try await get(tester, "/tasks?lang=fr", jar: &peru)
                #expect(!after.text.contains(href) && after.text.contains("Aucune proposition n’attend votre réponse.") && !after.text.contains("count-badge"))

                // Ghana has not applied: the open call is its next step, in the page's language.
                var ghana = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let ghanas = try await get(tester, "/tasks?lang=es", jar: &ghana)
                #expect(ghanas.text.contains("href=\"/programme/calls/2025-2027\">Presentar una solicitud a la convocatoria"))
                #expect(ghanas.text.contains("vence en 393 días"))

                // The Secretariat's list: the pool and the proposals waiting on the states; a member's says nothing waits.
                let officers = try await get(tester, "/tasks?lang=en", jar: &officer)
                #expect(officers.text.contains("Proposals the states have not answered (4)") && officers.text.contains("href=\"\(href)\""))
                var member = CookieJar(header: try await RouteRoleMatrixTests.signIn(.member, app))
                let members = try await get(tester, "/tasks?lang=en", jar: &member).text
                #expect(members.contains("Nothing in the programme waits on your account."))
                // No menus that would always be empty for a role with no applications, proposals or partnerships.
                #expect(!members.contains("href=\"/applications\"") && !members.contains("href=\"/proposals\""))
                #expect(officers.text.contains("href=\"/applications\"") && officers.text.contains("href=\"/programme/review\""))
                #expect(try await get(tester, "/programme/awaiting", jar: &officer).headers.first(name: .location) == "/tasks")
            }
        }

        @Test func clearingHouseRecordsWaitOnTheSecretariatForReviewAndOnTheirWriterWhenReturned() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let pages = ClearingHousePagesTests()
                var writer = try await pages.person("writer@example.org", .organisation, on: app)
                var officer = try await pages.person("officer@example.org", .secretariat, on: app)
                #expect(try await get(tester, "/tasks", jar: &writer).text.contains("Nothing in the programme waits on your account"))
                let sent = try await post(tester, "/clearing-house/opportunities", pairs: ClearingHousePagesTests.opportunity + [("action", "submit")], jar: &writer)
                let path = try #require(sent.headers.first(name: .location))
                let queue = try await get(tester, "/tasks", jar: &officer).text
                #expect(queue.contains("Clearing-house records to review (1)") && queue.contains("href=\"\(path)\""))
                #expect(try await post(tester, path + "/return", ["reason": "Give the deadline."], jar: &officer).status == .seeOther)
                #expect(try await get(tester, "/tasks", jar: &officer).text.contains("Clearing-house records to review (0)"))
                let mine = try await get(tester, "/tasks", jar: &writer).text
                #expect(mine.contains("Your clearing-house records (1)") && mine.contains("Give the deadline.") && mine.contains("href=\"\(path)\""))
            }
        }

        @Test func theNextVisitsDatesAndAReportToCoSignAppearForThePartnerWhoseTurnItIs() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                let (record, peruJar, _) = try await Lifecycle().withFirstVisitConfirmed(app, clock: clock)
                var peru = peruJar, mexico = try await Lifecycle().jar("mex@demo.tandem", app)
                let tester = try app.testing()
                #expect(try await get(tester, "/tasks?lang=en", jar: &peru).text.contains("Give the Secretariat the dates of visit 2"))

                clock.set("2026-03-09T09:00:00Z")
                #expect(try await post(tester, record.href + "/visits/1/complete", [:], jar: &peru).status == .seeOther)
                var fields = ["activities": "Meetings", "participants": "Eight officials", "analysis": "Declarations", "nextSteps": "Draft the law",
                              "action": "submit", "askCosignature": "yes"]
                for key in try record.model.framework().indicators(at: .output).map({ ReportFields.key($0.path) }) { fields["values[\(key)][actual]"] = "3" }
                let report = record.href + "/reports/interim_1"
                #expect(try await get(tester, "/tasks?lang=en", jar: &peru).text.contains("href=\"\(report)\">Write and submit: Interim report after the first visit</a>"))
                #expect(try await post(tester, report, fields, jar: &peru).status == .seeOther)

                // Peru wrote it and waits; Mexico is asked to co-sign it.
                let mexicos = try await get(tester, "/tasks?lang=en", jar: &mexico)
                #expect(mexicos.text.contains("href=\"\(report)\">Co-sign: Interim report after the first visit</a>"))
                #expect(!(try await get(tester, "/tasks?lang=en", jar: &peru).text.contains("href=\"\(report)\"")))
                // What Peru did is news to Mexico, not to Peru; what happened two months ago is no longer news.
                #expect(mexicos.text.contains("id=\"news\"") && mexicos.text.contains("<a href=\"\(record.href)\">Mexico – Peru</a>"))
                #expect(!(try await get(tester, "/tasks?lang=en", jar: &peru).text.contains("id=\"news\"")))

                // Past its day, it says so in words.
                clock.set("2026-05-01T09:00:00Z")
                let late = try await get(tester, "/tasks?lang=en", jar: &mexico)
                #expect(late.text.contains("class=\"overdue\"") && late.text.contains("overdue by"))
            }
        }
    }
}

extension AppTests.TasksTests {
    /// In December 2026 a 2019 partnership whose return visit was planned for 2020 and never made is not "active",
    /// and nothing in it falls due.
    @Test func theHistoryNeverLooksCurrent() async throws {
        try await withTandem { app in
            app.clock = TestClock("2026-12-03T09:00:00Z").clock
            let tester = try app.testing()
            var visitor = CookieJar()
            let page = try await get(tester, "/programme/partnerships/2019-GBR-GMB?lang=en", jar: &visitor)
            #expect(page.text.contains("Not completed: no visit since 2019") && !page.text.contains(">Active<"))
            var officer = CookieJar(header: try await AppTests.RouteRoleMatrixTests.signIn(.secretariat, app))
            let workspace = try await get(tester, "/partnerships/2019-GBR-GMB?lang=fr", jar: &officer)
            #expect(workspace.text.contains("Inachevé : aucune visite depuis 2019") && !workspace.text.contains("<ul class=\"deadlines\">"))
        }
    }
}

extension AppTests.TasksTests {
    /// A form's address leads to the nearest page above it; an address no file could have is answered, not failed;
    /// an error page leaves a pending confirmation for the next page.
    @Test func oddAddressesAndErrorPagesAreAnsweredPlainly() async throws {
        try await withTandem { app in
            let record = try await AppTests.PartnershipLifecycleTests().begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
            let tester = try app.testing()
            var peru = try await AppTests.PartnershipLifecycleTests().jar("per@demo.tandem", app)
            #expect(try await get(tester, "/tasks?lang=en", jar: &peru).text.contains("Give the Secretariat the dates of visit 1"))

            let decision = try await get(tester, record.href + "/framework/1/decision", jar: &peru)
            #expect(decision.status == .seeOther && decision.headers.first(name: .location) == record.href + "/framework")
            let long = try await get(tester, "/" + String(repeating: "a", count: 300), jar: &peru)
            #expect(long.status == .notFound)
            let answer = try await get(tester, "/proposals/" + String(repeating: "b", count: 5_000) + "/answer", jar: &peru)
            #expect(answer.status == .seeOther)

            peru.values[Confirmation.cookie] = "done_visit_saved"
            let missing = try await get(tester, "/no-such-page?lang=en", jar: &peru)
            #expect(missing.status == .notFound && !missing.text.contains("id=\"confirmation\""))
            #expect(try await get(tester, "/tasks?lang=en", jar: &peru).text.contains("id=\"confirmation\">The visit plan is saved."))

            // A form of the wrong shape is answered in words, not in the decoder's; a filter that cannot be read leads
            // back to the same page without it; an error page offers the page it belongs to.
            let crafted = try await post(tester, "/account/profile?lang=en", ["name[]": "x", "language": "en"], jar: &peru)
            #expect(crafted.status == .badRequest && crafted.text.contains("The form sent could not be read"))
            #expect(!crafted.text.contains("expected type"))
            let filter = try await get(tester, "/programme/partnerships?year=abc&lang=en", jar: &peru)
            #expect(filter.status == .badRequest && filter.text.contains("<a href=\"/programme/partnerships\" id=\"error-up\">"))
            // A visit that is not there yet (none is planned) is a page not found that leads to the partnership.
            let stray = try await get(tester, record.href + "/visits/1?lang=en", jar: &peru)
            #expect(stray.status == .notFound && stray.text.contains("<a href=\"\(record.href)\" id=\"error-up\">"))
        }
    }
}
