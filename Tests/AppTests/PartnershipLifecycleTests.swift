import Fluent
import Foundation
import NIOConcurrencyHelpers
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let moment: NIOLockedValueBox<Date>

    init(_ iso: String) {
        moment = NIOLockedValueBox(ISO8601DateFormatter().date(from: iso)!)
    }

    var now: Date { moment.withLockedValue { $0 } }

    func set(_ iso: String) {
        let date = ISO8601DateFormatter().date(from: iso)!
        moment.withLockedValue { $0 = date }
    }

    var clock: AppClock { AppClock(now: { self.now }) }
}

extension AppTests {
    /// A partnership from its start to its final report: Mexico mentors Peru under the 2025-2027 call.
    @Suite struct PartnershipLifecycleTests {
        static let visit1: [String: String] = [
            "host": "MEX", "start": "2026-03-02", "end": "2026-03-06",
            "delegates[0][name]": "Ana Quispe", "delegates[0][title]": "Director", "delegates[0][role]": "management", "delegates[0][sponsored]": "on",
            "delegates[0][gender]": "woman",
            "delegates[1][name]": "Luis Rojas", "delegates[1][title]": "Officer", "delegates[1][role]": "staff", "delegates[1][sponsored]": "on",
            "agenda[0][day]": "2026-03-02", "agenda[0][time]": "09:00", "agenda[0][activity]": "Meeting with the National Authority",
            "agenda[0][place]": "Mexico City", "action": "save",
        ]

        /// The pool's accepted applications, a partnership begun between Mexico and Peru on 5 January 2026,
        /// and its record.
        func begin(_ app: Application, clock: TestClock) async throws -> PartnershipRecord {
            app.clock = clock.clock
            try await DemoApplications.ensure(on: app)
            let call = try #require(try await CallModel.query(on: app.db).filter(\.$slug == "2025-2027").first())
            let model = try await PartnershipStarter(app: app).start(mentor: "MEX", mentee: "PER", call: call, proposalID: nil, status: .active,
                                                                    source: PartnershipModel.fromSecretariat, actor: "test", on: app.db)
            return try await PartnershipRecord.load(model, on: app.db)
        }

        /// The partnership begun, its first visit planned by Peru and confirmed by the Secretariat; with the jars of both.
        func withFirstVisitConfirmed(_ app: Application, clock: TestClock) async throws -> (PartnershipRecord, CookieJar, CookieJar) {
            let record = try await begin(app, clock: clock)
            let tester = try app.testing()
            var peru = try await jar("per@demo.tandem", app)
            var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
            _ = try await post(tester, record.href + "/visits", Self.visit1, jar: &peru)
            _ = try await post(tester, record.href + "/visits/1/confirm", [:], jar: &officer)
            return (record, peru, officer)
        }

        func jar(_ email: String, _ app: Application) async throws -> CookieJar {
            try await MatchingTests().signIn(email, app)
        }

        func reload(_ record: PartnershipRecord, _ app: Application) async throws -> PartnershipRecord {
            try await PartnershipRecord.find(code: record.code, on: app.db)!
        }

        @Test func onlyThePartnersAndTheSecretariatSeeTheWorkspace() async throws {
            try await withTandem { app in
                let record = try await begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app), kenya = try await jar("ken@demo.tandem", app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let page = try await get(tester, record.href, jar: &peru)
                #expect(page.status == .ok)
                #expect(page.text.contains("Demo contact, Peru") && page.text.contains("Officials trained"))
                #expect(page.text.contains("Interim report after the first visit") && page.text.contains("when its visit has dates"))
                #expect(try await get(tester, record.href, jar: &kenya).status == .forbidden)
                #expect(try await post(tester, record.href + "/visits", Self.visit1, jar: &kenya).status == .forbidden)
                #expect(try await get(tester, record.href, jar: &officer).status == .ok)
                let listed = try await get(tester, "/partnerships", jar: &peru)
                #expect(listed.text.contains(record.code))
                #expect(!(try await get(tester, "/partnerships", jar: &kenya)).text.contains(record.code))
            }
        }

        @Test func aMeetingOrTaskThatDoesNotPassComesBackAsTypedAndIsKeptOnceItDoes() async throws {
            try await withTandem { app in
                let record = try await begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app)
                let meeting = ["kind": "follow_up", "held_on": "2026-01-05", "place": "Lima, online", "participants": "Both National Authorities"]
                // A visit whose official has no name and whose session says nothing: each line of the summary leads to its row.
                var visit = Self.visit1
                visit["delegates[0][name]"] = ""
                visit["agenda[0][activity]"] = ""
                let badVisit = try await post(tester, record.href + "/visits?lang=en", visit, jar: &peru)
                #expect(badVisit.status == .unprocessableEntity && badVisit.text.contains("<a href=\"#delegate_0-error\">"))
                #expect(unresolvedSummaryLinks(badVisit.text).isEmpty, "\(unresolvedSummaryLinks(badVisit.text))")

                let refused = try await post(tester, record.href + "/meetings", meeting, jar: &peru)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.text.contains(#"<option value="follow_up" selected>"#))
                #expect(refused.text.contains(#"value="Lima, online""#) && refused.text.contains(#"value="2026-01-05""#))
                #expect(refused.text.contains("has-error"))
                var kept = meeting
                kept["summary"] = "Agreed the visit dates."
                #expect(try await post(tester, record.href + "/meetings", kept, jar: &peru).status == .seeOther)
                let page = try await get(tester, record.href, jar: &peru)
                #expect(page.text.contains("Agreed the visit dates.") && page.text.contains("Lima, online"))
                #expect(try await BilateralMeetingModel.query(on: app.db).filter(\.$kind == "follow_up").count() == 1)

                let task = ["title": "Send the draft agenda", "owner": "MEX", "due_on": "20 January"]
                let refusedTask = try await post(tester, record.href + "/tasks", task, jar: &peru)
                #expect(refusedTask.status == .unprocessableEntity)
                #expect(refusedTask.text.contains(#"value="Send the draft agenda""#) && refusedTask.text.contains(#"<option value="MEX" selected>"#))
                #expect(try await PartnershipTaskModel.query(on: app.db).count() == 0)
            }
        }

        @Test func visitsAreCheckedAgainstEveryRuleAndConfirmedByTheSecretariat() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                let record = try await begin(app, clock: clock)
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app), mexico = try await jar("mex@demo.tandem", app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))

                // 2 March is 56 days after 5 January: exactly eight weeks' notice.
                let first = try await post(tester, record.href + "/visits", Self.visit1, jar: &peru)
                #expect(first.status == .seeOther && first.headers.first(name: .location) == record.href + "/visits/1")

                // The second visit too soon: refused with the rule and its figures, everything typed kept.
                var second = Self.visit1
                second["host"] = "PER"; second["start"] = "2026-05-04"; second["end"] = "2026-05-08"
                second["delegates[0][name]"] = "Rosa Méndez"
                second["agenda[0][day]"] = "2026-05-04"
                let tooSoon = try await post(tester, record.href + "/visits", second, jar: &mexico)
                #expect(tooSoon.status == .unprocessableEntity)
                #expect(tooSoon.text.contains("The second visit starts 59 days after the first ends; the call requires at least 3 months, so from 6 June 2026."))
                #expect(tooSoon.text.contains("value=\"Rosa Méndez\"") && tooSoon.text.contains("value=\"2026-05-04\""))
                #expect(try await VisitModel.query(on: app.db).filter(\.$partnership.$id == record.model.requireID()).count() == 1)

                // A third sponsored official without the exception is refused too.
                var crowded = second
                crowded["start"] = "2026-06-08"; crowded["end"] = "2026-06-12"; crowded["agenda[0][day]"] = "2026-06-08"
                crowded["delegates[2][name]"] = "Carlos Vega"; crowded["delegates[2][role]"] = "stakeholder"; crowded["delegates[2][sponsored]"] = "on"
                let third = try await post(tester, record.href + "/visits", crowded, jar: &mexico)
                #expect(third.status == .unprocessableEntity)
                #expect(third.text.contains("3 officials are sponsored; the call sponsors 2 per State Party"))

                second["start"] = "2026-06-08"; second["end"] = "2026-06-12"; second["agenda[0][day]"] = "2026-06-08"
                #expect(try await post(tester, record.href + "/visits", second, jar: &mexico).status == .seeOther)

                // Only the Secretariat confirms; each confirmation is emailed to both partners.
                #expect(try await post(tester, record.href + "/visits/1/confirm", [:], jar: &peru).status == .forbidden)
                for number in [1, 2] {
                    #expect(try await post(tester, record.href + "/visits/\(number)/confirm", [:], jar: &officer).status == .seeOther)
                }
                let visits = try await reload(record, app).visits
                #expect(try visits.map { try $0.visitStatus } == [.confirmed, .confirmed])
                #expect(try visits[0].delegates.count == 2 && visits[0].agendaDays().first?.sessions.first?.place == "Mexico City")
                let confirmed = try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "visit_confirmed").all()
                #expect(confirmed.count == 4 && confirmed.contains { $0.recipient == "per@demo.tandem" && $0.subject.contains("Visit 2") })

                // The reports fall due after each visit, and the final six months after the second.
                let reports = try await reload(record, app).reports
                #expect(reports.first { $0.kind == "interim_1" }?.dueOn == "2026-04-05")
                #expect(reports.first { $0.kind == "interim_2" }?.dueOn == "2026-07-12")
                #expect(reports.first { $0.kind == "final" }?.dueOn == "2026-12-12")
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$entity == "visit").count() == 4)
            }
        }

        /// Each partner hosts one visit, unless the Secretariat keeps a plan with a reason; and a visit planned
        /// after a cancelled one is numbered by its place among the visits that stand.
        @Test func eachPartnerHostsOneVisitAndVisitsAreNumberedAmongThoseThatStand() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                let (record, peru, officer) = try await withFirstVisitConfirmed(app, clock: clock)
                var mexico = try await jar("mex@demo.tandem", app), officerJar = officer, peruJar = peru
                let tester = try app.testing()
                var second = Self.visit1
                second["start"] = "2026-06-08"; second["end"] = "2026-06-12"; second["agenda[0][day]"] = "2026-06-08"
                // Mexico hosted the first visit; hosting the second too is refused with the rule, by the host field.
                let sameHost = try await post(tester, record.href + "/visits?lang=en", second, jar: &mexico)
                #expect(sameHost.status == .unprocessableEntity)
                #expect(sameHost.text.contains("Mexico already hosts the other visit. The exchange goes both ways: each partner hosts one visit."))
                #expect(try await reload(record, app).visits.count == 1)
                // The Secretariat may keep it with a reason.
                var kept = second
                kept["overrideReason"] = "Peru's offices are being rebuilt; both partners asked to meet in Mexico."
                #expect(try await post(tester, record.href + "/visits", kept, jar: &officerJar).status == .seeOther)
                #expect(try await TimelineEventModel.query(on: app.db).filter(\.$kind == "visit_override").all().map { $0.values["rules"] } == ["visit_same_host"])

                // The first visit is cancelled: the one after it becomes the first, and a new plan the second.
                let cancelled = try await post(tester, record.href + "/visits/1/cancel", ["reason": "A national emergency."], jar: &peruJar)
                #expect(cancelled.status == .seeOther)
                let page = try await get(tester, record.href + "/visits/2?lang=en", jar: &peruJar)
                #expect(page.text.contains("<h1>Visit 1</h1>"))
                #expect(try await get(tester, record.href + "/visits/1?lang=en", jar: &peruJar).text.contains("Cancelled visit"))
                var third = Self.visit1
                third["host"] = "PER"; third["start"] = "2026-10-05"; third["end"] = "2026-10-09"; third["agenda[0][day]"] = "2026-10-05"
                #expect(try await post(tester, record.href + "/visits", third, jar: &mexico).headers.first(name: .location) == record.href + "/visits/3")
                let proposed = try await TimelineEventModel.query(on: app.db).filter(\.$kind == "visit_proposed").all()
                #expect(proposed.contains { $0.values["number"] == "2" && $0.values["host"] == "PER" })
                #expect(try await get(tester, record.href + "/visits/3?lang=en", jar: &peruJar).text.contains("Visit 2"))
            }
        }

        /// The Secretariat schedules the initial meeting, both partners are told with a calendar file, and it is
        /// recorded as held once its day has come, once.
        @Test func theInitialMeetingIsScheduledThenRecordedAsHeldOnceItsDayHasCome() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                let record = try await begin(app, clock: clock)
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let meeting = ["kind": "initial", "day": "2026-01-20", "time": "14:00", "online": "yes", "place": "https://meet.example/abc",
                               "participants": "Ana Quispe (Peru), Jorge Ruiz (Mexico), the Secretariat"]
                #expect(try await post(tester, record.href + "/meetings/schedule", meeting, jar: &peru).status == .forbidden)
                var past = meeting
                past["day"] = "2026-01-04"
                let refused = try await post(tester, record.href + "/meetings/schedule?lang=en", past, jar: &officer)
                #expect(refused.status == .unprocessableEntity && refused.text.contains("This day has passed"))
                #expect(try await post(tester, record.href + "/meetings/schedule", meeting, jar: &officer).status == .seeOther)

                let mails = try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "meeting_scheduled").all()
                #expect(Set(mails.map(\.recipient)).isSuperset(of: ["per@demo.tandem", "mex@demo.tandem"]))
                let mail = try #require(mails.first { $0.recipient == "per@demo.tandem" })
                #expect(mail.textBody.contains("20 January 2026, 14:00 UTC") && mail.textBody.contains("Online, https://meet.example/abc"))
                let stored = try #require(try await BilateralMeetingModel.query(on: app.db).first())
                let id = try stored.requireID().uuidString
                let ics = try await get(tester, record.href + "/meetings/\(id)/calendar.ics?lang=en", jar: &peru)
                #expect(ics.status == .ok && ics.text.contains("SUMMARY:Initial bilateral meeting: Mexico – Peru") || ics.text.contains("SUMMARY:Initial bilateral meeting: Peru – Mexico"))
                #expect(ics.text.contains("DTSTART;VALUE=DATE:20260120"))
                let page = try await get(tester, record.href + "?lang=en", jar: &peru)
                #expect(page.text.contains("scheduled for 20 January 2026, 14:00 UTC"))

                // Held before its day: refused. Recorded once its day has come; a second record is refused.
                let early = try await post(tester, record.href + "/meetings/\(id)/held?lang=en", ["held_on": "2026-01-20", "summary": "Road map agreed."], jar: &peru)
                #expect(early.status == .unprocessableEntity && early.text.contains("This day has not come yet"))
                let direct = try await post(tester, record.href + "/meetings?lang=en", ["kind": "follow_up", "held_on": "2026-02-01", "summary": "x"], jar: &peru)
                #expect(direct.status == .unprocessableEntity)
                clock.set("2026-01-21T09:00:00Z")
                #expect(try await post(tester, record.href + "/meetings/\(id)/held", ["held_on": "2026-01-20", "summary": "Road map agreed."], jar: &peru).status == .seeOther)
                #expect(try await post(tester, record.href + "/meetings/\(id)/held", ["held_on": "2026-01-20", "summary": "Again."], jar: &officer).status == .conflict)
                let held = try #require(try await BilateralMeetingModel.find(stored.requireID(), on: app.db))
                #expect(held.status == "held" && held.summary == "Road map agreed.")
                let kinds = try await TimelineEventModel.query(on: app.db).filter(\.$partnership.$id == record.model.requireID()).all().map(\.kind)
                #expect(kinds.contains("meeting_scheduled") && kinds.contains("meeting_initial"))
            }
        }

        /// The partner writing an interim report may ask the other to co-sign it before it reaches the Secretariat.
        @Test func anInterimReportMayBeCoSignedByTheOtherPartner() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                let (record, peruJar, _) = try await withFirstVisitConfirmed(app, clock: clock)
                var peru = peruJar, mexico = try await jar("mex@demo.tandem", app)
                let tester = try app.testing()
                clock.set("2026-03-09T09:00:00Z")
                #expect(try await post(tester, record.href + "/visits/1/complete", [:], jar: &peru).status == .seeOther)
                let path = record.href + "/reports/interim_1"
                #expect(try await get(tester, path + "?lang=en", jar: &peru).text.contains("Ask Mexico to read and co-sign it before it goes to the Secretariat"))
                var fields = ["activities": "Meetings", "participants": "Eight officials", "analysis": "Declarations", "nextSteps": "Draft the law",
                              "action": "submit", "askCosignature": "yes"]
                // Sent without its figures, the report comes back with a summary on top whose every line leads to its field.
                let keys = try record.model.framework().indicators(at: .output).map { ReportFields.key($0.path) }
                let incomplete = try await post(tester, path + "?lang=en", fields, jar: &peru)
                #expect(incomplete.status == .unprocessableEntity && incomplete.text.contains("id=\"error-summary\""))
                for key in keys {
                    #expect(incomplete.text.contains("<a href=\"#value-\(key)-error\">") && incomplete.text.contains("id=\"value-\(key)-error\""))
                }
                #expect(unresolvedSummaryLinks(incomplete.text).isEmpty)
                for key in keys { fields["values[\(key)][actual]"] = "3" }
                #expect(try await post(tester, path, fields, jar: &peru).status == .seeOther)
                #expect(try await reload(record, app).report("interim_1")?.reportStatus == .awaitingCosignature)
                #expect(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "report_awaiting_cosignature").all().contains { $0.recipient == "mex@demo.tandem" })
                #expect(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "report_submitted").count() == 0)
                #expect(try await post(tester, path + "/cosign", [:], jar: &mexico).status == .seeOther)
                let report = try #require(try await reload(record, app).report("interim_1"))
                #expect(try report.reportStatus == .submitted && report.cosignedByISO3 == "MEX")
                #expect(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "report_submitted").count() > 0)
            }
        }

        /// An accepted application comes with the templates of the reports its partnership will write.
        @Test func anAcceptedApplicationGivesItsStateTheReportTemplates() async throws {
            try await withTandem { app in
                try await DemoApplications.ensure(on: app)
                let accepted = try #require(try await ApplicationModel.query(on: app.db).filter(\.$stateISO3 == "PER")
                    .filter(\.$status == ApplicationStatus.accepted.rawValue).first())
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app), mexico = try await jar("mex@demo.tandem", app)
                let base = "/applications/\(try accepted.requireID().uuidString)"
                #expect(try await get(tester, base + "?lang=en", jar: &peru).text.contains("href=\"\(base)/report-templates/interim_1\""))
                let interim = try await get(tester, base + "/report-templates/interim_1?lang=en", jar: &peru)
                #expect(interim.status == .ok && interim.text.contains("Template: Interim report after the first visit"))
                #expect(interim.text.contains("Activities") && interim.text.contains("Drafting sessions held"))
                let final = try await get(tester, base + "/report-templates/final?lang=es", jar: &peru)
                #expect(final.status == .ok && final.text.contains("Logrado"))
                #expect(try await get(tester, base + "/report-templates/interim_1", jar: &mexico).status == .forbidden)
                #expect(try await get(tester, base + "/report-templates/follow_up", jar: &peru).status == .notFound)
            }
        }

        /// The Secretariat may take part in a visit, and the host's letter of invitation for visas prints from it.
        @Test func aVisitListsTheSecretariatAndPrintsItsLetterOfInvitation() async throws {
            try await withTandem { app in
                let record = try await begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app), kenya = try await jar("ken@demo.tandem", app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                var plan = Self.visit1
                plan["secretariat"] = "Injected by a partner"
                #expect(try await post(tester, record.href + "/visits", plan, jar: &peru).status == .seeOther)
                #expect(!(try await get(tester, record.href + "/visits/1?lang=en", jar: &peru)).text.contains("Injected by a partner"))
                // Only the Secretariat says who of it takes part.
                plan["secretariat"] = "Solène Martin, Programme Officer"
                #expect(try await post(tester, record.href + "/visits/1", plan, jar: &officer).status == .seeOther)
                #expect(try await get(tester, record.href + "/visits/1?lang=en", jar: &peru).text.contains("Solène Martin, Programme Officer"))
                let letter = try await get(tester, record.href + "/visits/1/invitation?lang=en", jar: &peru)
                #expect(letter.status == .ok && letter.text.contains("Letter of invitation: delegation of Peru"))
                #expect(letter.text.contains("invites the officials of the National Authority of Peru named below to an exchange visit in Mexico from 2 March 2026 to 6 March 2026"))
                #expect(letter.text.contains("Ana Quispe") && letter.text.contains("Luis Rojas") && letter.text.contains("Mexico City"))
                #expect(try await get(tester, record.href + "/visits/1/invitation", jar: &kenya).status == .forbidden)
            }
        }

        /// The framework's fields as the page sends them, one value changed.
        static func frameworkFields(_ framework: ResultsFramework, change: (String, String)? = nil) -> [String: String] {
            var fields: [String: String] = [:]
            for (a, area) in framework.areas.enumerated() {
                fields["areas[\(a)][key]"] = area.key
                fields["areas[\(a)][customName]"] = area.customName
                for level in ResultLevel.allCases {
                    for (r, result) in (level == .output ? area.outputs : area.outcomes).enumerated() {
                        let name = "areas[\(a)][\(level.rawValue)s][\(r)]"
                        fields[name + "[statement]"] = result.statement
                        for (i, indicator) in result.indicators.enumerated() {
                            for (key, value) in [("description", indicator.description), ("baseline", indicator.baseline), ("target", indicator.target),
                                                 ("unit", indicator.unit), ("meansOfVerification", indicator.meansOfVerification),
                                                 ("measure", indicator.measure.rawValue)] {
                                fields["\(name)[indicators][\(i)][\(key)]"] = value
                            }
                        }
                    }
                }
            }
            if let (key, value) = change { fields[key] = value }
            return fields
        }

        /// The results framework is finalised after acceptance: a partner proposes, the Secretariat decides, once.
        @Test func aPartnerProposesAChangeToTheFrameworkAndTheSecretariatAcceptsIt() async throws {
            try await withTandem { app in
                let record = try await begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app), mexico = try await jar("mex@demo.tandem", app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let framework = try record.model.framework()
                let target = "areas[0][outputs][0][indicators][0][target]"
                let before = framework.areas[0].outputs[0].indicators[0].target
                #expect(try await get(tester, record.href + "/framework?lang=en", jar: &peru).text.contains("id=\"propose-framework\""))

                var unexplained = Self.frameworkFields(framework, change: (target, "12"))
                let refused = try await post(tester, record.href + "/framework?lang=en", unexplained, jar: &peru)
                #expect(refused.status == .unprocessableEntity && refused.text.contains("Say why the partners propose these changes."))
                #expect(refused.text.contains("value=\"12\""))
                var reshaped = Self.frameworkFields(framework)
                reshaped["areas[0][outputs][0][indicators][1][description]"] = "A new indicator"
                reshaped["reason"] = "More"
                #expect(try await post(tester, record.href + "/framework", reshaped, jar: &peru).status == .unprocessableEntity)

                unexplained["reason"] = "Agreed with Mexico at the initial meeting: twelve officials, not eight."
                #expect(try await post(tester, record.href + "/framework", unexplained, jar: &peru).status == .seeOther)
                #expect(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "framework_proposed").all().contains { $0.recipient == "secretariat@example.org" })
                // One proposal waits at a time; the partners do not decide.
                #expect(try await post(tester, record.href + "/framework", unexplained, jar: &mexico).status == .conflict)
                #expect(try await post(tester, record.href + "/framework/1/decision", ["decision": "accepted"], jar: &mexico).status == .forbidden)
                let page = try await get(tester, record.href + "/framework?lang=en", jar: &officer)
                #expect(page.text.contains("Target: \(before) → 12"))
                #expect(try await post(tester, record.href + "/framework/1/decision", ["decision": "declined"], jar: &officer).status == .unprocessableEntity)
                #expect(try await post(tester, record.href + "/framework/1/decision", ["decision": "accepted", "comment": "Fine."], jar: &officer).status == .seeOther)
                #expect(try await post(tester, record.href + "/framework/1/decision", ["decision": "declined", "comment": "No."], jar: &officer).status == .conflict)

                let updated = try await reload(record, app).model.framework()
                #expect(updated.areas[0].outputs[0].indicators[0].target == "12")
                #expect(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "framework_accepted").all().contains { $0.recipient == "per@demo.tandem" })
                let kinds = try await TimelineEventModel.query(on: app.db).filter(\.$partnership.$id == record.model.requireID()).all().map(\.kind)
                #expect(kinds.contains("framework_proposed") && kinds.contains("framework_accepted"))
                #expect(try await get(tester, record.href + "/framework?lang=en", jar: &peru).text.contains("Target: \(before) → 12"))
            }
        }

        /// Two partners proposing at the same moment: one proposal is kept, the other is told.
        @Test func twoProposalsSentTogetherKeepOne() async throws {
            try await withTandem(ConcurrentChangesTests.onDisk) { app in
                let record = try await begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let peru = try await jar("per@demo.tandem", app), mexico = try await jar("mex@demo.tandem", app)
                let framework = try record.model.framework()
                try await LiveServer.run(app) { server in
                    let codes = try await server.together(2) { index in
                        var fields = Self.frameworkFields(framework, change: ("areas[0][outputs][0][indicators][0][target]", index == 0 ? "11" : "13"))
                        fields["reason"] = "Agreed."
                        return try await server.post(record.href + "/framework", fields, jar: index == 0 ? peru : mexico)
                    }
                    #expect(codes.sorted() == [303, 409])
                }
                #expect(try await FrameworkChangeModel.query(on: app.db).count() == 1)
            }
        }

        @Test func theSecretariatMayKeepAPlanThatBreaksARuleWithAReason() async throws {
            try await withTandem { app in
                let record = try await begin(app, clock: TestClock("2026-01-20T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                // Six weeks' notice only.
                let late = try await post(tester, record.href + "/visits", Self.visit1, jar: &peru)
                #expect(late.status == .unprocessableEntity && late.text.contains("the call requires at least 8 weeks (56 days)"))
                #expect(!late.text.contains("name=\"overrideReason\""))
                let offered = try await post(tester, record.href + "/visits", Self.visit1, jar: &officer)
                #expect(offered.status == .unprocessableEntity && offered.text.contains("name=\"overrideReason\""))
                var kept = Self.visit1
                kept["overrideReason"] = "The Secretariat learnt the dates by telephone in December."
                #expect(try await post(tester, record.href + "/visits", kept, jar: &officer).status == .seeOther)
                let visit = try #require(try await reload(record, app).visits.first)
                #expect(visit.overrideReason == kept["overrideReason"])
                let events = try await TimelineEventModel.query(on: app.db).filter(\.$kind == "visit_override").all()
                #expect(events.count == 1 && events[0].values["rules"] == "visit_notice")
                let audit = try await AuditEntryModel.query(on: app.db).filter(\.$entity == "visit").first()
                #expect(audit?.after.contains("by telephone") == true)
            }
        }

        @Test func reportsAreWrittenCheckedReturnedAndAccepted() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                let record = try await begin(app, clock: clock)
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app), mexico = try await jar("mex@demo.tandem", app)
                var kenya = try await jar("ken@demo.tandem", app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                _ = try await post(tester, record.href + "/visits", Self.visit1, jar: &peru)
                _ = try await post(tester, record.href + "/visits/1/confirm", [:], jar: &officer)
                clock.set("2026-03-09T09:00:00Z")
                #expect(try await post(tester, record.href + "/visits/1/complete", [:], jar: &peru).status == .seeOther)

                let path = record.href + "/reports/interim_1"
                let form = try await get(tester, path, jar: &peru)
                #expect(form.text.contains("data-autosave") && form.text.contains("Drafting sessions held"))
                let keys = try record.model.framework().indicators(at: .output).map { ReportFields.key($0.path) }
                #expect(keys.count == 3)
                // A state that is not a partner cannot write it.
                #expect(try await post(tester, path, ["activities": "x", "action": "save"], jar: &kenya).status == .forbidden)

                var fields = ["activities": "Meetings and a workshop", "participants": "Eight officials of both authorities",
                              "analysis": "Declarations and the model law were covered", "nextSteps": "Draft the law", "action": "submit"]
                let missing = try await post(tester, path, fields, jar: &peru)
                #expect(missing.status == .unprocessableEntity)
                #expect(missing.text.contains("value now: Officials trained") && missing.text.contains("id=\"value-0_output_0_0-error\""))
                // Nothing typed is lost: the draft holds it.
                #expect(try await reload(record, app).report("interim_1")?.value().activities == "Meetings and a workshop")

                for key in keys { fields["values[\(key)][actual]"] = "3" }
                #expect(try await post(tester, path, fields, jar: &peru).status == .seeOther)
                #expect(try await reload(record, app).report("interim_1")?.reportStatus == .submitted)

                let bare = try await post(tester, path + "/review", ["decision": "return", "comments": ""], jar: &officer)
                #expect(bare.status == .unprocessableEntity && bare.text.contains("Say what to revise."))
                #expect(try await post(tester, path + "/review", ["decision": "return", "comments": "Say who took part."], jar: &officer).status == .seeOther)
                let returned = try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "report_returned").all()
                #expect(returned.count == 2 && returned.allSatisfy { $0.textBody.contains("Say who took part.") })

                fields["participants"] = "Ana Quispe, Luis Rojas (Peru); four officials of Mexico"
                #expect(try await post(tester, path, fields, jar: &mexico).status == .seeOther)
                #expect(try await post(tester, path + "/review", ["decision": "accept"], jar: &officer).status == .seeOther)
                let report = try #require(try await reload(record, app).report("interim_1"))
                #expect(try report.reportStatus == .accepted)
                let versions = try await ReportVersionModel.query(on: app.db).filter(\.$report.$id == report.requireID()).sort(\.$number).all()
                #expect(versions.map(\.status) == ["submitted", "returned", "submitted", "accepted"])
                #expect(versions[1].comments == "Say who took part.")
                let page = try await get(tester, path, jar: &peru)
                #expect(page.text.contains("Accepted") && page.text.contains("Say who took part."))
            }
        }

        @Test func aJointReportIsCoSignedByTheOtherPartner() async throws {
            try await withTandem { app in
                let record = try await begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app), mexico = try await jar("mex@demo.tandem", app)
                var fields = ["analysis": "Progress on both mandatory areas", "legislationChanges": "Draft tabled",
                              "implementationChanges": "A unit for declarations", "action": "submit"]
                for entry in try record.model.framework().indicators(at: .outcome) {
                    fields["values[\(ReportFields.key(entry.path))][actual]"] = entry.indicator.measure == .status ? "achieved"
                        : IndicatorProgress.number(entry.indicator.target) == nil ? "done" : "80"
                    fields["values[\(ReportFields.key(entry.path))][achieved]"] = "yes"
                }
                #expect(try await post(tester, record.href + "/reports/final", fields, jar: &peru).status == .seeOther)
                #expect(try await reload(record, app).report("final")?.reportStatus == .awaitingCosignature)
                let asked = try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "report_awaiting_cosignature").all()
                #expect(asked.map(\.recipient) == ["mex@demo.tandem"])
                // The author cannot co-sign their own report.
                #expect(try await post(tester, record.href + "/reports/final/cosign", [:], jar: &peru).status == .forbidden)
                #expect(try await post(tester, record.href + "/reports/final/cosign", [:], jar: &mexico).status == .seeOther)
                let report = try #require(try await reload(record, app).report("final"))
                #expect(try report.reportStatus == .submitted && report.draftedByISO3 == "PER" && report.cosignedByISO3 == "MEX")

                // Once the final report is accepted, the Secretariat asks for follow-ups.
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                #expect(try await post(tester, record.href + "/follow-ups", ["dueOn": "2027-01-05", "request": "x"], jar: &officer).status == .conflict)
                #expect(try await post(tester, record.href + "/reports/final/review", ["decision": "accept"], jar: &officer).status == .seeOther)
                let refused = try await post(tester, record.href + "/follow-ups", ["dueOn": "2025-12-01", "request": "Updated values, please."], jar: &officer)
                #expect(refused.status == .unprocessableEntity && refused.text.contains("id=\"follow-up-due-error\""))
                #expect(refused.text.contains("Updated values, please.</textarea>"))
                let requested = try await post(tester, record.href + "/follow-ups", ["dueOn": "2027-01-05", "request": "Updated values, please."],
                                               jar: &officer)
                #expect(requested.status == .seeOther)
                #expect(requested.headers.first(name: .location) == record.href + "/reports/follow_up-1")
                let followUp = try #require(try await reload(record, app).report("follow_up-1"))
                #expect(followUp.dueOn == "2027-01-05" && followUp.request == "Updated values, please.")
                let mails = try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "follow_up_requested").all()
                #expect(mails.count == 2 && mails.allSatisfy { $0.textBody.contains("5 January 2027") })
            }
        }

        @Test func theSecretariatEntersReportsAndSignaturesThePartnersSentOnPaper() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                var (record, peru, officer) = try await withFirstVisitConfirmed(app, clock: clock)
                let tester = try app.testing()
                clock.set("2026-03-09T09:00:00Z")
                _ = try await post(tester, record.href + "/visits/1/complete", [:], jar: &peru)

                let path = record.href + "/reports/interim_1"
                let form = try await get(tester, path, jar: &officer)
                #expect(form.text.contains(#"<select id="onBehalf" name="onBehalf""#) && form.text.contains("Record as received and submit"))
                var fields = ["activities": "Meetings and a workshop", "participants": "Eight officials", "analysis": "Covered the model law",
                              "nextSteps": "Draft the law", "action": "submit"]
                for entry in try record.model.framework().indicators(at: .output) { fields["values[\(ReportFields.key(entry.path))][actual]"] = "3" }
                // Which partner sent it must be said; what was typed stays.
                let unnamed = try await post(tester, path, fields, jar: &officer)
                #expect(unnamed.status == .unprocessableEntity && unnamed.text.contains("id=\"onBehalf-error\""))
                #expect(unnamed.text.contains("Meetings and a workshop</textarea>"))
                fields["onBehalf"] = "KEN"
                #expect(try await post(tester, path, fields, jar: &officer).status == .unprocessableEntity)
                fields["onBehalf"] = "PER"
                #expect(try await post(tester, path, fields, jar: &officer).status == .seeOther)
                let interim = try #require(try await reload(record, app).report("interim_1"))
                #expect(try interim.reportStatus == .submitted && interim.draftedByISO3 == "PER")
                let entered = try #require(try await TimelineEventModel.query(on: app.db).filter(\.$kind == "report_entered").first())
                #expect(entered.actor.contains("@") && entered.details.contains("PER"))
                let audit = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$entityKey == record.code + "/interim_1")
                    .filter(\.$action == "submit").first())
                #expect(audit.after.contains(#""entered_by_secretariat":"yes""#))

                // A joint report the partners drafted and co-signed by email: the officer records the signature.
                var mexico = try await jar("mex@demo.tandem", app)
                var final = ["analysis": "Progress", "legislationChanges": "Draft tabled", "implementationChanges": "A unit", "action": "submit"]
                for entry in try record.model.framework().indicators(at: .outcome) {
                    final["values[\(ReportFields.key(entry.path))][actual]"] = entry.indicator.measure == .status ? "achieved"
                        : IndicatorProgress.number(entry.indicator.target) == nil ? "done" : "80"
                    final["values[\(ReportFields.key(entry.path))][achieved]"] = "yes"
                }
                #expect(try await post(tester, record.href + "/reports/final", final, jar: &mexico).status == .seeOther)
                let waiting = try await get(tester, record.href + "/reports/final", jar: &officer)
                #expect(waiting.text.contains("Record the co-signature of Peru"))
                #expect(try await post(tester, record.href + "/reports/final/cosign", [:], jar: &officer).status == .seeOther)
                let cosigned = try #require(try await reload(record, app).report("final"))
                #expect(try cosigned.reportStatus == .submitted && cosigned.draftedByISO3 == "MEX" && cosigned.cosignedByISO3 == "PER")
            }
        }

        @Test func remindersGoOutOnceForEachStepAndOverdueItemsReachTheSecretariat() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                _ = try await withFirstVisitConfirmed(app, clock: clock)
                func reminders() async throws -> [OutboxMessageModel] {
                    try await OutboxMessageModel.query(on: app.db).filter(\.$kind ~~ ["deadline_reminder", "deadline_overdue", "deadline_escalation"]).all()
                }
                // The interim report is due on 5 April: 14 days before, on 22 March, both partners hear of it.
                clock.set("2026-03-22T08:00:00Z")
                let first = try await DeadlineReminders(app: app).run(on: app.db, now: clock.now)
                let again = try await DeadlineReminders(app: app).run(on: app.db, now: clock.now)
                #expect(again == DeadlineReminders.Outcome())
                let sent = try await reminders().filter { $0.subject.contains("interim report") }
                #expect(first.emails == sent.count && Set(sent.map(\.recipient)) == ["per@demo.tandem", "mex@demo.tandem"])
                #expect(sent.allSatisfy { $0.subject == "Due on 5 April 2026: the interim report after the first visit" })

                // Overdue on 6 April: the partners are told, and so is every programme officer.
                clock.set("2026-04-06T08:00:00Z")
                _ = try await DeadlineReminders(app: app).run(on: app.db, now: clock.now)
                _ = try await DeadlineReminders(app: app).run(on: app.db, now: clock.now)
                let overdue = try await reminders().filter { $0.kind != "deadline_reminder" && $0.subject.contains("interim report") }
                #expect(overdue.filter { $0.kind == "deadline_overdue" }.count == 2)
                #expect(overdue.filter { $0.kind == "deadline_escalation" }.map(\.recipient) == ["secretariat@example.org"])
                // The worker takes the job's lease; a second pass at the same moment sends nothing new.
                let before = try await reminders().count
                #expect(try await DeadlinesWorker.pass(app) != nil)
                #expect(try await reminders().count == before)
            }
        }

        @Test func visitsAndTheirDeadlinesComeAsCalendarFiles() async throws {
            try await withTandem { app in
                let record = try await begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app)
                _ = try await post(tester, record.href + "/visits", Self.visit1, jar: &peru)
                let file = try await get(tester, record.href + "/visits/1/calendar.ics", jar: &peru)
                #expect(file.headers.contentType?.description.hasPrefix("text/calendar") == true)
                #expect(file.text.contains("DTSTART;VALUE=DATE:20260302\r\nDTEND;VALUE=DATE:20260307\r\n"))
                #expect(file.text.contains("SUMMARY:Visit 1: Peru to Mexico"))
            }
        }
    
        func apiToken(_ app: Application, for email: String) async throws -> String {
            let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == email).first())
            let (model, secret) = APITokenModel.make(for: try user.requireID(), name: "test", scope: .read)
            try await model.create(on: app.db)
            return secret
        }

        func api(_ app: Application, _ path: String, token: String) async throws -> TestingHTTPResponse {
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            return try await app.testing().performTest(request: .init(method: .GET, url: .init(path: path), headers: headers, body: ByteBuffer()))
        }

        @Test func theAPIGivesVisitsReportsAndIndicatorsToThePartnersAndDelegationsToTheSecretariat() async throws {
            try await withTandem { app in
                let record = try await begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app)
                _ = try await post(tester, record.href + "/visits", Self.visit1, jar: &peru)
                let partner = try await apiToken(app, for: "per@demo.tandem"), stranger = try await apiToken(app, for: "ken@demo.tandem")
                let officer = try await ApplicationsAPITests().token(app, email: "officer@example.org", role: .secretariat, state: nil)
                let base = "/api/v1/partnerships/\(record.code)"
                let visits = try await api(app, base + "/visits", token: partner)
                #expect(visits.status == .ok && visits.text.contains("\"delegates\":2") && !visits.text.contains("Ana Quispe"))
                #expect(try await api(app, base + "/visits", token: stranger).status == .forbidden)
                #expect(try await api(app, base + "/visits/1/delegates", token: partner).status == .forbidden)
                let named = try await api(app, base + "/visits/1/delegates", token: officer)
                #expect(named.status == .ok && named.text.contains("Ana Quispe") && named.text.contains("\"role\":\"management\""))
                #expect(try await api(app, base + "/visits/3/delegates", token: officer).status == .notFound)
                let reports = try await api(app, base + "/reports", token: partner)
                #expect(reports.text.contains("\"dueOn\":\"2026-04-05\"") && reports.text.contains("\"kind\":\"final\""))
                let indicators = try await api(app, base + "/indicators", token: partner)
                #expect(indicators.text.contains("\"path\":\"0.output.0.0\"") && indicators.text.contains("Officials trained"))
                #expect(try await api(app, "/api/v1/partnerships/1999-XXX-YYY/reports", token: officer).status == .notFound)
                let xml = try await api(app, base + "/iati", token: partner)
                #expect(xml.headers.contentType?.description.hasPrefix("application/xml") == true)
                #expect(xml.text.contains("<iati-identifier>XI-IATI-TANDEM-\(record.code)</iati-identifier>"))
                #expect(xml.text.contains("<recipient-country code=\"PE\" percentage=\"100\"/>"))
                #expect(xml.text.contains("<baseline year=\"2026\" value=\"0\"/>") && xml.text.contains("<target value=\"8\"/>"))
            }
        }

        @Test func aPersonalCalendarAddressListsTheirVisitsAndDeadlines() async throws {
            try await withTandem { app in
                let record = try await begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app)
                _ = try await post(tester, record.href + "/visits", Self.visit1, jar: &peru)
                let made = try await post(tester, "/account/calendar-feed", [:], jar: &peru)
                #expect(made.status == .created)
                let address = try #require(made.text.components(separatedBy: "id=\"calendar-feed\">").last?.components(separatedBy: "<").first)
                let path = try #require(URL(string: address)?.path)
                var nobody = CookieJar()
                let feed = try await get(tester, path, jar: &nobody)
                #expect(feed.status == .ok && feed.text.contains("SUMMARY:Visit 1: Peru to Mexico"))
                #expect(feed.text.contains("SUMMARY:Due: the interim report after the first visit (Mexico – Peru)"))
                #expect(feed.text.contains("DTSTART;VALUE=DATE:20260405"))
                // A new address retires the old one.
                _ = try await post(tester, "/account/calendar-feed", [:], jar: &peru)
                #expect(try await get(tester, path, jar: &nobody).status == .notFound)
            }
        }

        @Test func theDashboardShowsTheProgrammeAndExportsItsVisitsAndReports() async throws {
            try await withTandem { app in
                let record = try await begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                _ = try await post(tester, record.href + "/visits", Self.visit1, jar: &peru)
                let page = try await get(tester, "/programme/dashboard", jar: &officer)
                #expect(page.status == .ok && page.text.contains("data-code=\"\(record.code)\""))
                #expect(page.text.contains("Visits in 2026, against the yearly cap") && page.text.contains("cap 8"))
                let visits = try await get(tester, "/programme/dashboard/visits.csv", jar: &officer)
                #expect(visits.text.contains("\(record.code),1,MEX,PER,2026-03-02,2026-03-06,proposed,2026-01-05,2,2,1,1,0,0,1"))
                let reports = try await get(tester, "/programme/dashboard/reports.csv", jar: &officer)
                #expect(reports.text.contains("\(record.code),interim_1,1,2026-04-05,draft"))
                #expect(try await get(tester, "/programme/dashboard", jar: &peru).status == .forbidden)
                // The figures are kept between visits to the page, and a change to the programme shows at once.
                #expect(page.text.contains("<dt>Visits in 2026</dt><dd>1 of 8</dd>"))
                #expect(try await post(tester, record.href + "/visits/1/cancel", ["reason": "Dates moved"], jar: &peru).status == .seeOther)
                #expect(try await get(tester, "/programme/dashboard", jar: &officer).text.contains("<dt>Visits in 2026</dt><dd>0 of 8</dd>"))
            }
        }
    
        @Test func thePublicSeesAPartnershipUnderWayButNotItsOfficialsTravelPlans() async throws {
            try await withTandem { app in
                let record = try await begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await jar("per@demo.tandem", app), visitor = CookieJar()
                _ = try await post(tester, record.href + "/visits", Self.visit1, jar: &peru)
                let page = try await get(tester, "/programme/partnerships/\(record.code)", jar: &visitor)
                #expect(page.status == .ok && page.text.contains("Mexico") && page.text.contains("Proposed"))
                #expect(!page.text.contains("2 March 2026") && !page.text.contains("id=\"workspace-link\""))
                let api = try await get(tester, "/api/v1/partnerships/\(record.code)", jar: &visitor)
                #expect(api.status == .ok && !api.text.contains("2026-03-02"))
                // Its partners find their way to the workspace from the public page.
                #expect(try await get(tester, "/programme/partnerships/\(record.code)", jar: &peru).text.contains("id=\"workspace-link\""))

                let proposed = try await PartnershipStarter(app: app).start(mentor: "GBR", mentee: "KEN", call: nil, proposalID: nil, status: .proposed,
                                                                           source: PartnershipModel.fromSecretariat, actor: "test", on: app.db)
                #expect(try await get(tester, "/programme/partnerships/\(proposed.code)", jar: &visitor).status == .notFound)
            }
        }
    }
}
