import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

/// What a careless client or an attacker can send at the edge: too many fields, odd values, stale copies
/// through the API, pages past the last one. Each is answered clearly and changes nothing it should not.
extension AppTests {
    @Suite struct EdgeTests {
        @Test func tooManyFieldsOrParametersAreRefusedBeforeTheyAreRead() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var visitor = CookieJar()
                _ = try await get(tester, "/account/sign-in", jar: &visitor)
                var fields: [String: String] = [:]
                for index in 0...CSRFMiddleware.mostFields { fields["a[\(index)]"] = "" }
                let started = Date()
                let many = try await post(tester, "/account/sign-in?lang=fr", fields, jar: &visitor)
                #expect(many.status == .badRequest && many.text.contains("Tandem en accepte au plus 2000"))
                #expect(Date().timeIntervalSince(started) < 30, "refused before the fields are read")
                let query = (0...CSRFMiddleware.mostQueryParameters).map { "a[\($0)]=" }.joined(separator: "&")
                #expect(try await get(tester, "/programme/partnerships?" + query, jar: &visitor).status == .badRequest)
                #expect(try await get(tester, "/programme/partnerships?year=2016&group=weog", jar: &visitor).status == .ok)
            }
        }

        @Test func theNationalAuthorityAPIGivesItsVersionAndRefusesAStaleCopy() async throws {
            try await withTandem { app in
                _ = try await RouteRoleMatrixTests.signIn(.focalPoint, app)
                let api = NationalAuthorityAPITests()
                var write = try await api.bearer(app, "focalpoint@example.org", .write)
                let first = try await api.put(app, "/api/v1/states/GHA/national-authority", #"{"name": "Ghana NA"}"#, write)
                #expect(first.status == .ok && first.headers.first(name: .eTag) == "\"0\"")
                write.replaceOrAdd(name: .ifMatch, value: "\"0\"")
                let second = try await api.put(app, "/api/v1/states/GHA/national-authority", #"{"name": "Ghana NA", "phone": "+233 1"}"#, write)
                #expect(second.status == .ok && second.headers.first(name: .eTag) == "\"1\"")
                let stale = try await api.put(app, "/api/v1/states/GHA/national-authority", #"{"name": "Ghana National Authority"}"#, write)
                #expect(stale.status == .preconditionFailed && stale.json["error"].flatMap { ($0 as? [String: Any])?["code"] as? String } == "stale")
                try await app.testing().test(.GET, "/api/v1/states/GHA/national-authority") { res in
                    #expect(res.headers.first(name: .eTag) == "\"1\"" && res.json["phone"] as? String == "+233 1")
                }
            }
        }

        @Test func aTaskButtonWithAnOddValueChangesNothing() async throws {
            try await withTandem { app in
                let record = try await PartnershipLifecycleTests().begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await MatchingTests().signIn("per@demo.tandem", app)
                _ = try await post(tester, record.href + "/tasks", ["title": "Send the draft law", "owner": "PER"], jar: &peru)
                let task = try #require(try await PartnershipTaskModel.query(on: app.db).first())
                let path = record.href + "/tasks/\(try task.requireID().uuidString)"
                #expect(try await post(tester, path, ["done": "yes"], jar: &peru).status == .seeOther)
                for odd in ["maybe", "true", "", "YES"] {
                    #expect(try await post(tester, path, ["done": odd], jar: &peru).status == .badRequest)
                }
                #expect(try await PartnershipTaskModel.query(on: app.db).first()?.doneAt != nil)
                #expect(try await TimelineEventModel.query(on: app.db).filter(\.$kind == "task_reopened").count() == 0)
            }
        }

        @Test func aReportKeepsOnlyTheValuesOfItsOwnIndicators() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                let (record, peru, _) = try await PartnershipLifecycleTests().withFirstVisitConfirmed(app, clock: clock)
                var jar = peru
                let tester = try app.testing()
                let path = record.href + "/reports/interim_1"
                let own = try #require(try record.model.framework().indicators(at: .output).first).path
                var fields = ["activities": "Meetings", "action": "save", "values[\(ReportFields.key(own))][actual]": "3"]
                for index in 0..<40 { fields["values[0_outcome_0_\(index)][actual]"] = "9" }
                fields["values[7_output_9_9][actual]"] = "9"
                #expect(try await post(tester, path, fields, jar: &jar).status == .ok)
                let stored = try #require(try await PartnershipLifecycleTests().reload(record, app).report("interim_1")).value()
                #expect(Array(stored.values.keys) == [own] && stored.values[own]?.actual == "3")
            }
        }

        @Test func aPagePastTheLastShowsTheLast() async throws {
            try await withTandem { app in
                try await DemoApplications.ensure(on: app)
                let tester = try app.testing()
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let count = try await ApplicationModel.query(on: app.db).count()
                let pages = (count + 4) / 5
                let past = try await get(tester, "/applications?limit=5&page=999", jar: &officer)
                #expect(past.status == .ok && past.text.contains("Page \(pages) of \(pages)") && past.text.contains("href=\"/applications/"))
                #expect(past.text.contains("rel=\"prev\"") && !past.text.contains("rel=\"next\""))
            }
        }
    }
}
