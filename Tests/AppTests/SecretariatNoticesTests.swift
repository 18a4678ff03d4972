import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

/// The Secretariat is told of what it acts on next (a submission, a visit plan, a report, a withdrawal), the state
/// gets an acknowledgement of its application, and each programme officer has one page of what awaits them.
extension AppTests {
    @Suite struct SecretariatNoticesTests {
        let api = ApplicationsAPITests()
        let lifecycle = PartnershipLifecycleTests()

        func outbox(_ app: Application, _ kind: String) async throws -> [OutboxMessageModel] {
            try await OutboxMessageModel.query(on: app.db).filter(\.$kind == kind).all()
        }

        @Test func aSubmissionIsAcknowledgedToTheStateAndAnnouncedToEveryOfficerAndAWithdrawalToo() async throws {
            try await withTandem { app in
                api.during(app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let french = UserModel(email: "agent@opcw.example", displayName: "Agent", language: .fr, role: .secretariat, stateISO3: nil,
                                       organisationID: nil)
                try await french.create(on: app.db)
                let ghana = try await api.token(app, email: "fp@na.gov.gh", role: .focalPoint, state: "GHA")
                let made = try await api.request(app, .POST, "/api/v1/applications", #"{"call": "2025-2027", "state": "GHA", "form": \#(ApplicationsAPITests.complete)}"#,
                                                 token: ghana)
                let id = try #require(made.json["id"] as? String)
                _ = try await api.request(app, .PUT, "/api/v1/applications/\(id)/signed-form", "%PDF-1.4\nsigned\n", token: ghana, type: .pdf)
                #expect(try await outbox(app, "application_submitted").isEmpty)
                #expect(try await api.request(app, .POST, "/api/v1/applications/\(id)/submit", token: ghana).status == .ok)

                let received = try await outbox(app, "application_received")
                #expect(received.map(\.recipient) == ["fp@na.gov.gh"])
                #expect(received.first?.textBody.contains("quarterly review of 31 March 2026") == true)
                let announced = try await outbox(app, "application_submitted")
                #expect(Set(announced.map(\.recipient)).isSuperset(of: ["secretariat@example.org", "agent@opcw.example"]))
                let officers = try await UserModel.query(on: app.db).filter(\.$role == Role.secretariat.rawValue).count()
                #expect(announced.count == officers)
                #expect(announced.first { $0.recipient == "agent@opcw.example" }?.subject.hasPrefix("Nouvelle candidature : Ghana") == true)

                // It is on the officer's list until it is decided.
                let tester = try app.testing()
                let awaiting = try await get(tester, "/tasks?lang=en", jar: &officer)
                #expect(awaiting.status == .ok && awaiting.text.contains("Applications to review (1)"))
                #expect(awaiting.text.contains("href=\"/applications/\(id)\">Ghana</a>"))

                #expect(try await api.request(app, .POST, "/api/v1/applications/\(id)/withdraw", #"{"reason": "Our Head of Authority changed."}"#,
                                              token: ghana).status == .ok)
                let withdrawn = try await outbox(app, "application_withdrawn")
                #expect(withdrawn.count == officers && withdrawn.allSatisfy { $0.textBody.contains("Our Head of Authority changed.") })
                #expect(try await get(tester, "/tasks?lang=en", jar: &officer).text.contains("No application waits for review."))
            }
        }

        @Test func aVisitPlannedByThePartnersAndAReportTheySubmitReachTheOfficers() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                let record = try await lifecycle.begin(app, clock: clock)
                let tester = try app.testing()
                var peru = try await lifecycle.jar("per@demo.tandem", app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                #expect(try await post(tester, record.href + "/visits", PartnershipLifecycleTests.visit1, jar: &peru).status == .seeOther)
                let proposed = try await outbox(app, "visit_proposed")
                #expect(proposed.contains { $0.recipient == "secretariat@example.org" })
                let mail = try #require(proposed.first { $0.recipient == "secretariat@example.org" })
                #expect(mail.subject == "Visit 1 of Peru – Mexico to confirm: 2 March 2026 to 6 March 2026")
                #expect(mail.textBody.contains("The notice is counted from today, 5 January 2026."))
                #expect(try await get(tester, "/tasks?lang=en", jar: &officer).text.contains("Visit plans to confirm (1)"))

                // The Secretariat's own plans and confirmations tell nobody at the Secretariat.
                #expect(try await post(tester, record.href + "/visits/1/confirm", [:], jar: &officer).status == .seeOther)
                #expect(try await outbox(app, "visit_proposed").count == proposed.count)
                #expect(try await get(tester, "/tasks?lang=en", jar: &officer).text.contains("No visit plan waits for confirmation."))

                clock.set("2026-03-09T09:00:00Z")
                #expect(try await post(tester, record.href + "/visits/1/complete", [:], jar: &peru).status == .seeOther)
                var fields = ["activities": "Meetings and a workshop", "participants": "Eight officials", "analysis": "Declarations covered",
                              "nextSteps": "Draft the law", "action": "submit"]
                for key in try record.model.framework().indicators(at: .output).map({ ReportFields.key($0.path) }) {
                    fields["values[\(key)][actual]"] = "3"
                }
                #expect(try await post(tester, record.href + "/reports/interim_1", fields, jar: &peru).status == .seeOther)
                let reports = try await outbox(app, "report_submitted")
                #expect(reports.contains { $0.recipient == "secretariat@example.org" && $0.subject == "Report to review: Interim report after the first visit, Peru – Mexico" })
                let list = try await get(tester, "/tasks?lang=en", jar: &officer)
                #expect(list.text.contains("Reports to review (1)") && list.text.contains("/reports/interim_1"))
            }
        }
    }
}
