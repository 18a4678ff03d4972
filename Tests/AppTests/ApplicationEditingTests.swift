import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct ApplicationEditingTests {
        static func indicator(_ prefix: String, target: String = "12") -> [String: String] {
            ["\(prefix)[indicators][0][description]": "Agents formés", "\(prefix)[indicators][0][baseline]": "0",
             "\(prefix)[indicators][0][target]": target, "\(prefix)[indicators][0][unit]": "agents",
             "\(prefix)[indicators][0][meansOfVerification]": "Listes de présence"]
        }

        /// Sections 1 to 3 and 5 in French, and an expected result; the framework is added by the caller.
        static let fields: [String: String] = [
            "nationalAuthority": "Autorité nationale du Ghana", "contactPerson": "Kofi Mensah", "phone": "+233 30 000 0000",
            "emails": "na@example.gh, kofi@example.gh", "mode": "seeking", "sponsorshipRequired": "yes",
            "motivation": "Renforcer la mise en œuvre.", "needsAssessment": "Faite avec les parties prenantes.",
            "needsJustification": "La loi est en attente.", "actionPlanStatus": "Rédigé en 2024.", "contributionToPlan": "Points 2 et 4.",
            "needs[implementing_legislation]": "1", "needs[national_authority]": "2",
            "preferredPartners[]": "NGA", "partnerAgreementSought": "no", "workingLanguages[]": "fr",
            "firstVisitFrom": "2026-04-01", "firstVisitTo": "2026-06-30",
            "expectedResults[0][description]": "Projet de loi rédigé", "expectedResults[0][meansOfVerification]": "Le projet",
            "headName": "Ama Owusu", "headTitle": "Cheffe de l’autorité nationale", "signedOn": "2026-01-10",
        ]

        static func area(_ index: Int, _ key: String, outcome: Bool = true) -> [String: String] {
            var fields = ["areas[\(index)][key]": key, "areas[\(index)][customName]": "",
                          "areas[\(index)][outputs][0][statement]": "Atelier tenu"]
            fields.merge(indicator("areas[\(index)][outputs][0]")) { $1 }
            if outcome {
                fields["areas[\(index)][outcomes][0][statement]"] = "Déclarations à temps"
                fields.merge(indicator("areas[\(index)][outcomes][0]")) { $1 }
            }
            return fields
        }

        func multipart(_ tester: any TestingApplicationTester, _ path: String, file: String, fields: [String: String] = [:],
                       jar: inout CookieJar) async throws -> TestingHTTPResponse {
            let boundary = "tandem-test-boundary"
            let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(jar.values[Request.csrfCookie] ?? "")\r\n"
                + fields.map { "--\(boundary)\r\nContent-Disposition: form-data; name=\"\($0.key)\"\r\n\r\n\($0.value)\r\n" }.joined()
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"signed.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
                + file + "\r\n--\(boundary)--\r\n"
            var headers = jar.header
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            let response = try await tester.performTest(request: .init(method: .POST, url: .init(path: path), headers: headers,
                                                                       body: ByteBuffer(string: body)))
            jar.take(response)
            return response
        }

        @Test func aFocalPointWritesInFrenchIsToldWhatIsMissingAndSubmits() async throws {
            try await withTandem { app in
                ApplicationsAPITests().during(app)
                let tester = try app.testing()
                var jar = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let callPage = try await get(tester, "/programme/calls/2025-2027", jar: &jar)
                #expect(callPage.text.contains("action=\"/programme/calls/2025-2027/apply\""))
                let started = try await post(tester, "/programme/calls/2025-2027/apply", [:], jar: &jar)
                #expect(started.status == .seeOther)
                let edit = try #require(started.headers.first(name: .location))
                #expect(edit.hasSuffix("/edit"))
                let id = edit.split(separator: "/")[1]
                // Starting again leads to the same application.
                #expect(try await post(tester, "/programme/calls/2025-2027/apply", [:], jar: &jar).headers.first(name: .location) == "/applications/\(id)")

                var fields = Self.fields.merging(Self.area(0, "national_authority")) { $1 }
                fields.merge(Self.area(1, "implementing_legislation", outcome: false)) { $1 }
                fields["action"] = "submit"
                let incomplete = try await post(tester, edit + "?lang=fr", fields, jar: &jar)
                #expect(incomplete.status == .unprocessableEntity)
                #expect(incomplete.text.contains("Ce domaine obligatoire nécessite au moins un produit et un effet."))
                #expect(incomplete.text.contains("Joignez le formulaire signé par le chef de l’autorité nationale."))
                #expect(incomplete.text.contains("value=\"Autorité nationale du Ghana\"") && incomplete.text.contains("Renforcer la mise en œuvre."))
                #expect(incomplete.text.contains("value=\"na@example.gh, kofi@example.gh\""))
                #expect(incomplete.text.contains("<option value=\"NGA\" selected>"))

                // The page's script saves in the background: nothing comes back but the draft is kept.
                var typed = fields
                typed["action"] = "autosave"
                typed["phone"] = "+233 30 111 1111"
                let background = try await post(tester, edit, typed, jar: &jar)
                #expect(background.status == .noContent)
                #expect(try await get(tester, edit, jar: &jar).text.contains("value=\"+233 30 111 1111\""))

                // Adding an outcome to the second area gives a blank one to fill, and keeps everything else.
                fields["action"] = "add_outcome:1"
                let added = try await post(tester, edit, fields, jar: &jar)
                #expect(added.text.contains("name=\"areas[1][outcomes][0][statement]\""))
                let uploaded = try await multipart(tester, "/applications/\(id)/signed-form", file: "%PDF-1.5\nsigned", jar: &jar)
                #expect(uploaded.status == .seeOther)
                let wrong = try await multipart(tester, "/applications/\(id)/signed-form", file: "GIF89a", jar: &jar)
                #expect(wrong.status == .unsupportedMediaType)

                fields = Self.fields.merging(Self.area(0, "national_authority")) { $1 }.merging(Self.area(1, "implementing_legislation")) { $1 }
                fields["action"] = "submit"
                let done = try await post(tester, edit, fields, jar: &jar)
                #expect(done.status == .seeOther && done.headers.first(name: .location) == "/applications/\(id)")
                let stored = try #require(try await ApplicationModel.find(UUID(uuidString: String(id)), on: app.db))
                #expect(try stored.applicationStatus == .submitted)
                let form = try stored.value()
                #expect(form.emails == ["na@example.gh", "kofi@example.gh"] && form.needs.map(\.key) == ["national_authority", "implementing_legislation"])
                #expect(form.resultsFramework.areas[1].outcomes[0].indicators[0].unit == "agents")
                // Its edit page now leads to the application, which says why; a save sent from an old page is refused
                // with the way back to the application.
                let closed = try await get(tester, edit, jar: &jar)
                #expect(closed.status == .seeOther && closed.headers.first(name: .location) == "/applications/\(id)")
                #expect(try await get(tester, "/applications/\(id)?lang=en", jar: &jar).text.contains("so it can no longer be edited"))
                let late = try await post(tester, edit + "?lang=en", fields, jar: &jar)
                #expect(late.status == .conflict && late.text.contains("<a href=\"/applications/\(id)\" id=\"error-up\">"))
            }
        }

        /// Every checklist line names its field as the form labels it and links to it, and a qualitative indicator
        /// ("Law adopted") is planned on the status scale with no unit.
        @Test func theChecklistNamesAndLinksEachFieldAndAQualitativeIndicatorNeedsNoUnit() async throws {
            try await withTandem { app in
                ApplicationsAPITests().during(app)
                let tester = try app.testing()
                var jar = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let edit = try #require(try await post(tester, "/programme/calls/2025-2027/apply", [:], jar: &jar).headers.first(name: .location))
                var fields = Self.fields.merging(Self.area(0, "national_authority")) { $1 }.merging(Self.area(1, "implementing_legislation")) { $1 }
                fields["contactPerson"] = ""
                let outcome = "areas[1][outcomes][0][indicators][0]"
                fields[outcome + "[measure]"] = "status"
                fields[outcome + "[baseline]"] = "not_started"
                fields[outcome + "[target]"] = "achieved"
                fields[outcome + "[unit]"] = ""
                fields[outcome + "[description]"] = "Loi d’application adoptée"
                fields["areas[0][outputs][0][indicators][0][unit]"] = ""
                fields["action"] = "submit"
                let page = try await post(tester, edit + "?lang=en", fields, jar: &jar)
                #expect(page.status == .unprocessableEntity)
                #expect(page.text.contains("<a href=\"#f-contactPerson\">Contact person</a>"))
                #expect(page.text.contains("<a href=\"#f-resultsFramework-areas-0--outputs-0--indicators-0--unit\">Thematic area 1 (National Authority"))
                #expect(page.text.contains("Output 1 › Indicator 1 › Unit</a>"))
                // The field itself shows its error, under the same id.
                #expect(page.text.contains("id=\"f-resultsFramework-areas-0--outputs-0--indicators-0--unit-error\""))
                // The qualitative outcome indicator asks for no unit, and its target is a choice on the scale.
                #expect(!page.text.contains("f-resultsFramework-areas-1--outcomes-0--indicators-0--unit"))
                #expect(page.text.contains("<option value=\"achieved\" selected>Achieved</option>"))
                let id = try #require(UUID(uuidString: String(edit.split(separator: "/")[1])))
                let stored = try #require(try await ApplicationModel.find(id, on: app.db)).value()
                #expect(stored.resultsFramework.areas[1].outcomes[0].indicators[0].measure == .status)
                #expect(stored.resultsFramework.areas[1].outcomes[0].indicators[0].target == "achieved")
            }
        }

        /// A new draft is not a list of errors: what remains is said quietly and by section. A row added by mistake is
        /// removed with its own button, and the page comes back at the row that took its place.
        @Test func aNewDraftShowsNoErrorsAndARowAddedByMistakeIsRemoved() async throws {
            try await withTandem { app in
                ApplicationsAPITests().during(app)
                let tester = try app.testing()
                var jar = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let edit = try #require(try await post(tester, "/programme/calls/2025-2027/apply", [:], jar: &jar).headers.first(name: .location))
                let fresh = try await get(tester, edit + "?lang=en", jar: &jar)
                #expect(!fresh.text.contains("class=\"field-error\"") && !fresh.text.contains("error-summary"))
                #expect(fresh.text.contains("<details class=\"remaining\">"))
                #expect(fresh.text.contains("0 of 5 complete"))
                #expect(fresh.text.contains("4. Expected results</a> <span class=\"section-status\">depends on the mode chosen in section 1"))

                var fields = Self.fields.merging(Self.area(0, "national_authority")) { $1 }.merging(Self.area(1, "implementing_legislation")) { $1 }
                fields["action"] = "add_output:0"
                let added = try await post(tester, edit + "?lang=en", fields, jar: &jar)
                #expect(added.text.contains("name=\"areas[0][outputs][1][statement]\""))
                // The second output's button brings the page back to the first, which stays; the first's to the second, which moves up.
                #expect(added.text.contains("value=\"remove_output:0:1\" formaction=\"\(edit)#area-0-output-0\">Remove output 2</button>"))
                #expect(added.text.contains("value=\"remove_output:0:0\" formaction=\"\(edit)#area-0-output-0\">Remove output 1</button>"))
                #expect(added.text.contains("value=\"remove_indicator:0:output:1:0\" formaction=\"\(edit)#add-indicator-0-output-1\">Remove indicator 1</button>"))
                #expect(added.text.contains("value=\"remove_expected:0\" formaction=\"\(edit)#add-expected\">Remove expected result 1</button>"))
                #expect(added.text.contains("0 of 5 complete") == false)

                // The blank output goes, and with it the problems it raised; what was typed elsewhere stays.
                fields["areas[0][outputs][1][statement]"] = ""
                fields["action"] = "remove_output:0:1"
                let removed = try await post(tester, edit + "?lang=en", fields, jar: &jar)
                #expect(removed.status == .ok)
                #expect(!removed.text.contains("areas[0][outputs][1]"))
                let id = try #require(UUID(uuidString: String(edit.split(separator: "/")[1])))
                var stored = try #require(try await ApplicationModel.find(id, on: app.db)).value()
                #expect(stored.resultsFramework.areas[0].outputs.count == 1 && stored.resultsFramework.areas[0].outputs[0].statement == "Atelier tenu")

                // An indicator and an expected result go the same way; a button naming a row that is not there changes nothing.
                fields.removeValue(forKey: "areas[0][outputs][1][statement]")
                for action in ["remove_indicator:1:outcome:0:0", "remove_expected:0", "remove_output:0:7", "remove_indicator:9:output:0:0",
                               "remove_output:0:outcome:0", "remove_indicator:0:output:outcome:0:0"] {
                    fields["action"] = action
                    #expect(try await post(tester, edit, fields, jar: &jar).status == .ok)
                    stored = try #require(try await ApplicationModel.find(id, on: app.db)).value()
                    if action == "remove_indicator:1:outcome:0:0" {
                        #expect(stored.resultsFramework.areas[1].outcomes[0].indicators.isEmpty)
                        fields = fields.filter { !$0.key.hasPrefix("areas[1][outcomes][0][indicators]") }
                    }
                    if action == "remove_expected:0" {
                        #expect(stored.expectedResults.isEmpty)
                        fields = fields.filter { !$0.key.hasPrefix("expectedResults") }
                    }
                }
                #expect(stored.resultsFramework.areas.count == 2 && stored.resultsFramework.areas[0].outputs.count == 1)
                #expect(stored.resultsFramework.areas[0].outcomes.count == 1 && stored.resultsFramework.areas[0].outputs[0].indicators.count == 1)
            }
        }

        /// A state that applied to an earlier call starts its new application from that one (S/2368/2025, paragraph 13):
        /// everything is copied but the signature and the visit dates.
        @Test func aStateStartsFromItsApplicationToAnEarlierCall() async throws {
            try await withTandem { app in
                ApplicationsAPITests().during(app)
                var earlierCall = try #require(try await CallModel.query(on: app.db).filter(\.$slug == "2025-2027").first()).value()
                earlierCall.slug = "2022-2024"
                earlierCall.status = .closed
                let callModel = CallModel(earlierCall)
                try await callModel.create(on: app.db)
                var form = ApplicationForm()
                form.motivation = "Finish the implementing law."
                form.signedOn = CivilDate(iso: "2023-01-10")
                form.firstVisitFrom = CivilDate(iso: "2023-04-01")
                let earlier = ApplicationModel(callID: try callModel.requireID(), stateISO3: "GHA", form: form, onBehalf: false, createdBy: "fp")
                try await earlier.create(on: app.db)

                let tester = try app.testing()
                var jar = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let page = try await get(tester, "/programme/calls/2025-2027?lang=en", jar: &jar)
                #expect(page.text.contains("<option value=\"\(try earlier.requireID().uuidString)\">"))
                let started = try await post(tester, "/programme/calls/2025-2027/apply", ["from": try earlier.requireID().uuidString], jar: &jar)
                let id = try #require(started.headers.first(name: .location).flatMap { UUID(uuidString: String($0.split(separator: "/")[1])) })
                let copied = try #require(try await ApplicationModel.find(id, on: app.db)).value()
                #expect(copied.motivation == "Finish the implementing law." && copied.signedOn == nil && copied.firstVisitFrom == nil)

                // Another state's application is never a starting point.
                let other = ApplicationModel(callID: try callModel.requireID(), stateISO3: "NGA", form: form, onBehalf: false, createdBy: "fp")
                try await other.create(on: app.db)
                #expect(!(try await get(tester, "/programme/calls/2025-2027?lang=en", jar: &jar)).text.contains(try other.requireID().uuidString))
            }
        }

        /// A day that does not exist is not dropped: the save is refused with the message by its field and the text
        /// as typed, on the page and in the background save.
        @Test func aDayThatDoesNotExistIsRefusedByItsFieldAndKeptAsTyped() async throws {
            try await withTandem { app in
                ApplicationsAPITests().during(app)
                let tester = try app.testing()
                var jar = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let edit = try #require(try await post(tester, "/programme/calls/2025-2027/apply", [:], jar: &jar).headers.first(name: .location))
                var fields = Self.fields
                fields["firstVisitFrom"] = "2025-02-30"
                fields["signedOn"] = "0000-00-00"
                fields["action"] = "save"
                let page = try await post(tester, edit + "?lang=en", fields, jar: &jar)
                #expect(page.status == .unprocessableEntity)
                #expect(page.text.contains("value=\"2025-02-30\"") && page.text.contains("value=\"0000-00-00\""))
                #expect(page.text.contains("id=\"f-firstVisitFrom-error\">&quot;2025-02-30&quot; is not a day"))
                fields["action"] = "autosave"
                #expect(try await post(tester, edit, fields, jar: &jar).status == .unprocessableEntity)
                let id = try #require(UUID(uuidString: String(edit.split(separator: "/")[1])))
                let stored = try #require(try await ApplicationModel.find(id, on: app.db))
                #expect(try stored.value().motivation.isEmpty && stored.version == 0)
            }
        }

        /// Text past a form's bounds is refused at the edge, by its field, on every kind of save; nothing typed is
        /// lost and nothing is written.
        @Test func textPastItsBoundComesBackByItsFieldAndNothingIsWritten() async throws {
            try await withTandem { app in
                ApplicationsAPITests().during(app)
                let tester = try app.testing()
                var jar = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let edit = try #require(try await post(tester, "/programme/calls/2025-2027/apply", [:], jar: &jar).headers.first(name: .location))
                let id = try #require(UUID(uuidString: String(edit.split(separator: "/")[1])))
                var fields = Self.fields
                fields["motivation"] = String(repeating: "m", count: FormBounds.longText) + "END"
                fields["action"] = "save"
                let refused = try await post(tester, edit, fields, jar: &jar)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.text.contains("id=\"f-motivation-error\">Too long: at most 20000 characters."))
                #expect(refused.text.contains("mmmEND</textarea>") && refused.text.contains("value=\"Kofi Mensah\""))
                #expect(try await ApplicationModel.find(id, on: app.db)?.value().contactPerson != "Kofi Mensah")

                fields["action"] = "autosave"
                let background = try await post(tester, edit, fields, jar: &jar, headers: ["Accept": "application/json"])
                #expect(background.status == .unprocessableEntity && background.text.contains("\"code\":\"too_long\""))

                let token = try await ApplicationsAPITests().token(app, email: "api@na.gov.gh", role: .focalPoint, state: "GHA")
                let body = #"{"form": {"motivation": "\#(String(repeating: "m", count: FormBounds.longText + 1))"}}"#
                let api = try await ApplicationsAPITests().request(app, .PUT, "/api/v1/applications/\(id.uuidString)", body, token: token)
                #expect(api.status == .unprocessableEntity)
                #expect((api.json["error"] as? [String: Any]).flatMap { $0["fields"] as? [String: String] }?["motivation"] == "Too long: at most 20000 characters.")
                #expect(try await ApplicationModel.find(id, on: app.db)?.value().motivation.isEmpty == true)

                // Past what a form may send at all, the page says so in the reader's language and how to get the text back.
                fields["action"] = "save"
                fields["motivation"] = String(repeating: "m", count: 4_300_000)
                let sent = fields, browser = jar
                try await LiveServer.run(app) { server in
                    let huge = try await server.post(edit + "?lang=fr", sent, jar: browser)
                    #expect(huge.status == .payloadTooLarge)
                    #expect(huge.body.map { String(buffer: $0) }?.contains("Tandem accepte au plus 4 Mo par formulaire") == true)
                }
            }
        }
    }
}
