import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct ApplicationReviewTests {
        let api = ApplicationsAPITests()

        /// Ghana's complete application, submitted on 15 January 2026 by focalpoint@example.org (signed in on the jar).
        func submitted(_ app: Application) async throws -> (id: String, focalPoint: CookieJar, token: String) {
            api.during(app)
            let jar = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
            let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "focalpoint@example.org").first())
            user.language = "fr"
            try await user.save(on: app.db)
            let (model, token) = APITokenModel.make(for: try user.requireID(), name: "test", scope: .write)
            try await model.create(on: app.db)
            let made = try await api.request(app, .POST, "/api/v1/applications",
                                             #"{"call": "2025-2027", "state": "GHA", "form": \#(ApplicationsAPITests.complete)}"#, token: token)
            let id = try #require(made.json["id"] as? String)
            _ = try await api.request(app, .PUT, "/api/v1/applications/\(id)/signed-form", "%PDF-1.7\n", token: token, type: .pdf)
            let done = try await api.request(app, .POST, "/api/v1/applications/\(id)/submit", token: token)
            #expect(done.status == .ok)
            return (id, jar, token)
        }

        @Test func theSecretariatReturnsAnApplicationThenAcceptsItOnceResubmitted() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var (id, focalPoint, token) = try await submitted(app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))

                let queue = try await get(tester, "/programme/review", jar: &officer)
                #expect(queue.text.contains("Review of 31 March 2026") && queue.text.contains("href=\"/applications/\(id)\""))
                let filtered = try await get(tester, "/programme/review?mode=offering", jar: &officer)
                #expect(!filtered.text.contains("href=\"/applications/\(id)\""))

                let bare = try await post(tester, "/applications/\(id)/decision", ["outcome": "returned"], jar: &officer)
                #expect(bare.status == .unprocessableEntity && bare.text.contains("id=\"reasons-error\""))
                // The page opens on a summary linking to each message; its address, opened again, leads back to the application.
                let none = try await post(tester, "/applications/\(id)/decision?lang=en", [:], jar: &officer)
                let summary = try #require(none.text.range(of: "id=\"error-summary\""))
                #expect(none.text.contains("<li><a href=\"#outcome-error\">Choose an outcome.</a></li>") && none.text.contains("id=\"outcome-error\""))
                let heading = try #require(none.text.range(of: "<h1"))
                #expect(summary.lowerBound < heading.lowerBound)
                let reopened = try await get(tester, "/applications/\(id)/decision", jar: &officer)
                #expect(reopened.status == .seeOther && reopened.headers.first(name: .location) == "/applications/\(id)")
                let returned = try await post(tester, "/applications/\(id)/decision",
                                              ["outcome": "returned", "section4": "Add an outcome indicator for legislation."], jar: &officer)
                #expect(returned.status == .seeOther)

                let mail = try #require(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "application_returned").first())
                #expect(mail.recipient == "focalpoint@example.org" && mail.language == "fr")
                #expect(mail.subject == "Votre candidature doit être complétée")
                #expect(mail.textBody.contains("Section 4: Add an outcome indicator for legislation."))

                let seen = try await get(tester, "/applications/\(id)?lang=fr", jar: &focalPoint)
                #expect(seen.text.contains("Renvoyée pour compléments") && seen.text.contains("Add an outcome indicator for legislation."))

                let amended = try await api.request(app, .PUT, "/api/v1/applications/\(id)", #"{"form": \#(ApplicationsAPITests.complete)}"#, token: token)
                #expect(amended.status == .ok)
                #expect(try await api.request(app, .POST, "/api/v1/applications/\(id)/submit", token: token).status == .ok)
                let accepted = try await post(tester, "/applications/\(id)/decision", ["outcome": "accepted"], jar: &officer)
                #expect(accepted.status == .seeOther)
                #expect(try await get(tester, "/applications/\(id)?lang=en", jar: &officer).text.contains("id=\"confirmation\">The decision is recorded and the state"))
                let stored = try #require(try await ApplicationModel.find(UUID(uuidString: id), on: app.db))
                #expect(try stored.applicationStatus == .accepted)
                let history = try await ApplicationStatusChangeModel.query(on: app.db).sort(\.$at).all().map { "\($0.fromStatus)>\($0.toStatus)" }
                #expect(history == ["draft>submitted", "submitted>returned", "returned>submitted", "submitted>accepted"])
                #expect(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "application_accepted").count() == 1)
                let again = try await post(tester, "/applications/\(id)/decision", ["outcome": "accepted"], jar: &officer)
                #expect(again.status == .conflict)
            }
        }

        @Test func aDecisionThatDoesNotPassComesBackAsTyped() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let (id, _, _) = try await submitted(app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let refused = try await post(tester, "/applications/\(id)/decision",
                                             ["outcome": "returned", "general": "Thank you; one point to complete."], jar: &officer)
                #expect(refused.status == .unprocessableEntity && refused.text.contains("id=\"reasons-error\""))
                #expect(refused.text.contains(#"value="returned" checked"#) && !refused.text.contains(#"value="accepted" checked"#))
                #expect(refused.text.contains(">Thank you; one point to complete.</textarea>"))
                let unnamed = try await post(tester, "/applications/\(id)/decision", ["section2": "Name the laboratory."], jar: &officer)
                #expect(unnamed.status == .unprocessableEntity && unnamed.text.contains(">Name the laboratory.</textarea>"))
                #expect(try await ApplicationModel.find(UUID(uuidString: id), on: app.db)?.applicationStatus == .submitted)
            }
        }

        @Test func aStateWithdrawsItsApplicationWithAReasonAndMayApplyAgain() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var (id, focalPoint, token) = try await submitted(app)
                let uk = UserModel(email: "fp@na.gov.uk", displayName: "UK", language: .en, role: .focalPoint, stateISO3: "GBR", organisationID: nil)
                try await uk.create(on: app.db)
                var other = try await MatchingTests().signIn("fp@na.gov.uk", app)
                #expect(try await post(tester, "/applications/\(id)/withdraw", ["reason": "Not ours"], jar: &other).status == .forbidden)

                let page = try await get(tester, "/applications/\(id)?lang=en", jar: &focalPoint)
                #expect(page.text.contains("action=\"/applications/\(id)/withdraw\""))
                let withdrawn = try await post(tester, "/applications/\(id)/withdraw?lang=en",
                                               ["reason": "Our management changed; we will apply next year."], jar: &focalPoint)
                #expect(withdrawn.status == .seeOther)
                let stored = try #require(try await ApplicationModel.find(UUID(uuidString: id), on: app.db))
                #expect(try stored.applicationStatus == .withdrawn)
                let change = try #require(try await ApplicationStatusChangeModel.query(on: app.db).filter(\.$toStatus == "withdrawn").first())
                #expect(change.fromStatus == "submitted" && change.by == "focalpoint@example.org" && change.reasons.contains("Our management changed"))
                let shown = try await get(tester, "/applications/\(id)?lang=en", jar: &focalPoint)
                #expect(shown.text.contains("Withdrawn") && shown.text.contains("Our management changed; we will apply next year."))
                #expect(!shown.text.contains("/withdraw\""))

                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                #expect(!(try await get(tester, "/programme/review", jar: &officer)).text.contains("href=\"/applications/\(id)\""))
                let again = try await post(tester, "/applications/\(id)/withdraw?lang=en", ["reason": "twice"], jar: &focalPoint)
                #expect(again.status == .conflict)
                #expect(again.text.contains("can no longer be withdrawn") && again.text.contains(">twice</textarea>"))
                let apiAgain = try await api.request(app, .POST, "/api/v1/applications/\(id)/withdraw", token: token)
                #expect(apiAgain.status == .conflict && (apiAgain.json["error"] as? [String: Any])?["code"] as? String == "not_withdrawable")

                // The state may apply again to the same call.
                let fresh = try await api.request(app, .POST, "/api/v1/applications", #"{"call": "2025-2027", "state": "GHA"}"#, token: token)
                #expect(fresh.status == .created)
                let freshID = try #require(fresh.json["id"] as? String)
                let byAPI = try await api.request(app, .POST, "/api/v1/applications/\(freshID)/withdraw", #"{"reason": "Started by mistake."}"#, token: token)
                #expect(byAPI.status == .ok && byAPI.json["status"] as? String == "withdrawn")
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "withdrawn").count() == 2)
            }
        }

        @Test func listsPrintViewAndAnotherStatesFocalPoint() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var (id, focalPoint, _) = try await submitted(app)
                #expect(try await get(tester, "/applications", jar: &focalPoint).text.contains("href=\"/applications/\(id)\""))
                let print = try await get(tester, "/applications/\(id)/print", jar: &focalPoint)
                #expect(print.status == .ok && print.text.contains("print-form.css") && print.text.contains("Ama Owusu"))

                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let csv = try await get(tester, "/applications?format=csv&group=africa", jar: &officer)
                #expect(csv.text.hasPrefix("state,regional_group,call,mode,status,submitted,review"))
                #expect(csv.text.contains("Ghana,Africa"))
                #expect(!(try await get(tester, "/applications?format=csv&group=weog", jar: &officer)).text.contains("Ghana"))

                let uk = UserModel(email: "fp@na.gov.uk", displayName: "UK", language: .en, role: .focalPoint, stateISO3: "GBR", organisationID: nil)
                try await uk.create(on: app.db)
                let secret = SecretToken.make()
                try await SessionModel(tokenHash: SecretToken.hash(secret), userID: try uk.requireID(), lastSeenAt: Date(), address: "", userAgent: "")
                    .create(on: app.db)
                var other = CookieJar(header: "\(Request.csrfCookie)=matrix; \(Request.sessionCookie)=\(secret)")
                #expect(try await get(tester, "/applications/\(id)", jar: &other).status == .forbidden)
                #expect(!(try await get(tester, "/applications", jar: &other)).text.contains(id))
            }
        }

        /// The lists ask the database for one page of what the reader may see: every application exactly once across
        /// the pages, the filters agreeing with the forms themselves, and a focal point's list holding their state's only.
        @Test func theListsComeAPageAtATimeWithTheFiltersAppliedByTheDatabase() async throws {
            try await withTandem { app in
                try await DemoApplications.ensure(on: app)
                _ = try await submitted(app)
                let tester = try app.testing()
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let all = try await ApplicationModel.query(on: app.db).all()
                func hrefs(_ html: String) -> [String] {
                    html.components(separatedBy: "href=\"/applications/").dropFirst().map { String($0.prefix(36)) }.filter { UUID(uuidString: $0) != nil }
                }
                var seen: [String] = []
                let pages = (all.count + 4) / 5
                for number in 1...pages {
                    let page = try await get(tester, "/applications?limit=5&page=\(number)", jar: &officer)
                    #expect(page.text.contains("Page \(number) of \(pages)") && page.text.contains("Applications found: \(all.count)"))
                    #expect(page.text.contains("rel=\"next\"") == (number < pages))
                    seen += hrefs(page.text)
                }
                let ids = Set(try all.map { try $0.requireID().uuidString })
                #expect(seen.count == all.count && Set(seen) == ids)

                let africa = Set(app.statesDirectory.states.filter { $0.regionalGroup == .africa }.map(\.iso3))
                let expected = try all.filter { application in
                    let form = try application.value()
                    return form.mode == .seeking && africa.contains(application.stateISO3) && form.thematicAreas.contains("transfers_control")
                }
                let filtered = try await get(tester, "/applications?limit=200&mode=seeking&group=africa&area=transfers_control", jar: &officer)
                let expectedIDs = Set(try expected.map { try $0.requireID().uuidString })
                #expect(!expected.isEmpty && Set(hrefs(filtered.text)) == expectedIDs)

                let review = try await get(tester, "/programme/review?limit=200", jar: &officer)
                let submitted = try all.filter { try $0.applicationStatus == .submitted }
                let submittedIDs = Set(try submitted.map { try $0.requireID().uuidString })
                #expect(!submitted.isEmpty && Set(hrefs(review.text)) == submittedIDs)

                var zambia = try await MatchingTests().signIn("zmb@demo.tandem", app)
                let own = try await get(tester, "/applications", jar: &zambia)
                let zambiaIDs = Set(try all.filter { $0.stateISO3 == "ZMB" }.map { try $0.requireID().uuidString })
                #expect(!zambiaIDs.isEmpty && Set(hrefs(own.text)) == zambiaIDs)

                let codes = try await PartnershipModel.query(on: app.db).all().map(\.code)
                var listed: [String] = []
                for number in 1...max(1, (codes.count + 6) / 7) {
                    let page = try await get(tester, "/partnerships?limit=7&page=\(number)", jar: &officer)
                    listed += page.text.components(separatedBy: "data-code=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
                }
                #expect(codes.count > 7 && listed.sorted() == codes.sorted())
                let participants = try await ParticipantModel.query(on: app.db).filter(\.$stateISO3 == "ZMB").with(\.$partnership).all()
                let zambias = try await get(tester, "/partnerships?limit=200", jar: &zambia).text
                #expect(Set(zambias.components(separatedBy: "data-code=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
                        == Set(participants.map(\.partnership.code)))
            }
        }
    }
}
