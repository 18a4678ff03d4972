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
            "reapplicationGapYears": "4", "finalReportDueMonths": "6", "annualVisitCap": "10", "interimReportDueDays": "45", "reviewDates": "",
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

        /// A call has words in each language (objectives, who may apply, what is paid, contacts), shown in the reader's
        /// language with English where one is missing, and its two annexes to print.
        @Test func aCallSaysWhatItIsInEachLanguageWithItsAnnexes() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var visitor = CookieJar()
                let spanish = try await get(tester, "/programme/calls/2025-2027?lang=es", jar: &visitor)
                #expect(spanish.text.contains("<h1>Programa de Mentoría y Asociación para las autoridades nacionales, 2025-2027</h1>"))
                #expect(spanish.text.contains("Lo que cubre el programa") && spanish.text.contains("el viaje, las comidas y el seguro médico"))
                #expect(spanish.text.contains("href=\"/programme/calls/2025-2027/annex-1\"") && !spanish.text.contains("()"))
                let annex1 = try await get(tester, "/programme/calls/2025-2027/annex-1?lang=fr", jar: &visitor)
                #expect(annex1.status == .ok && annex1.text.contains("Annexe 1 : formulaire de candidature") && annex1.text.contains("5. Autorisation"))
                let annex2 = try await get(tester, "/programme/calls/2025-2027/annex-2?lang=en", jar: &visitor)
                #expect(annex2.status == .ok && occurrences(of: "mandatory for mentees", in: annex2.text) == 2)

                // The Secretariat writes a new call's words; a language left blank shows English, said so.
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                var form = Self.valid
                form["status"] = "open"
                form["texts[en][objectives]"] = "Pair National Authorities."
                form["texts[fr][title]"] = "Programme 2028-2030 en français"
                #expect(try await post(tester, "/programme/calls", form, jar: &officer).status == .seeOther)
                let french = try await get(tester, "/programme/calls/2028-2030?lang=fr", jar: &visitor)
                #expect(french.text.contains("<h1>Programme 2028-2030 en français</h1>"))
                #expect(french.text.contains("Pas encore rédigé en français : affiché en anglais.") && french.text.contains("Pair National Authorities."))
                var long = Self.valid
                long["slug"] = "2031-2033"
                long["texts[es][contacts]"] = String(repeating: "a", count: FormBounds.longText + 1)
                let refused = try await post(tester, "/programme/calls?lang=en", long, jar: &officer)
                #expect(refused.status == .unprocessableEntity && refused.text.contains("id=\"text-es-contacts-error\">Too long"))
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
                #expect(call.rules.annualVisitCap == 10 && call.rules.interimReportDueDays == 45)

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

        @Test func theSecretariatChoosesTheCallsAreasUntilApplicationsStart() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                var form = Self.valid
                // Leaving every area out is refused, with the choices kept.
                for area in ThematicArea.annex2 { form["areas[\(area.key)]"] = "" }
                form["title"] = "Areas kept"
                let none = try await post(tester, "/programme/calls", form, jar: &officer)
                #expect(none.status == .unprocessableEntity && none.text.contains("id=\"thematicAreas-error\">Choose at least one thematic area"))
                #expect(none.text.contains(#"value="Areas kept""#))

                form["areas[implementing_legislation]"] = "mandatory"
                form["areas[inspections]"] = "optional"
                form["areas[not_an_area]"] = "optional"
                #expect(try await post(tester, "/programme/calls", form, jar: &officer).status == .seeOther)
                let call = try #require(try await CallModel.query(on: app.db).filter(\.$slug == "2028-2030").first())
                #expect(try call.value().thematicAreas == [ThematicArea(key: "implementing_legislation", mandatoryForMentees: true),
                                                           ThematicArea(key: "inspections")])
                let edit = try await get(tester, "/programme/calls/2028-2030/edit", jar: &officer)
                #expect(edit.text.contains(#"name="areas[inspections]"><option value="">Not in this call</option><option value="optional" selected>"#))

                // Once a state has started an application, the areas stay as they are.
                let draft = ApplicationModel(callID: try call.requireID(), stateISO3: "GHA", form: ApplicationForm(), onBehalf: false, createdBy: "test")
                try await draft.create(on: app.db)
                #expect(try await get(tester, "/programme/calls/2028-2030/edit", jar: &officer).text.contains("can no longer change"))
                form["areas[inspections]"] = ""
                form["title"] = "Programme 2028-2030, renamed"
                #expect(try await post(tester, "/programme/calls/2028-2030", form, jar: &officer).status == .seeOther)
                let kept = try #require(try await CallModel.query(on: app.db).filter(\.$slug == "2028-2030").first()).value()
                #expect(kept.title == "Programme 2028-2030, renamed" && kept.thematicAreas.map(\.key) == ["implementing_legislation", "inspections"])
            }
        }
    }
}

extension AppTests {
    @Suite struct CallsAPITests {
        static let body = #"""
            {"slug": "2028-2030", "title": "Programme 2028-2030", "opens": "2028-01-15", "closes": "2030-12-31", "status": "draft",
             "rules": {"visitsPerPartnership": 2, "visitWindowMonths": 12, "intermissionMonths": 3, "noticeWeeks": 8,
                       "sponsoredOfficialsPerState": 2, "exceptionalExtraOfficials": 1, "reapplicationGapYears": 4,
                       "finalReportDueMonths": 6, "annualVisitCap": 8}}
            """#

        func request(_ app: Application, _ method: HTTPMethod, _ path: String, body: String = "", token: String? = nil) async throws -> TestingHTTPResponse {
            var headers = HTTPHeaders()
            headers.contentType = .json
            if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
            return try await app.testing().performTest(request: .init(method: method, url: .init(path: path), headers: headers,
                                                                      body: ByteBuffer(string: body)))
        }

        func token(_ app: Application, _ asker: RouteRoleMatrixTests.Asker, _ scope: APITokenModel.Scope) async throws -> String {
            _ = try await RouteRoleMatrixTests.signIn(asker, app)
            let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "\(asker.rawValue.lowercased())@example.org").first())
            let (model, secret) = APITokenModel.make(for: try user.requireID(), name: "calls", scope: scope)
            try await model.create(on: app.db)
            return secret
        }

        /// Two programme officers editing one call: the form drawn before the other's save comes back as typed (409).
        @Test func aCallSavedMeanwhileIsNotWrittenOver() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                #expect(try await post(tester, "/programme/calls", CallsTests.valid, jar: &officer).status == .seeOther)
                let edit = try await get(tester, "/programme/calls/2028-2030/edit", jar: &officer)
                #expect(edit.text.contains(#"name="version" value="0""#))
                var first = CallsTests.valid, second = CallsTests.valid
                first["title"] = "Title by the first officer"
                first["version"] = "0"
                second["title"] = "Title by the second officer"
                second["version"] = "0"
                #expect(try await post(tester, "/programme/calls/2028-2030", first, jar: &officer).status == .seeOther)
                let stale = try await post(tester, "/programme/calls/2028-2030", second, jar: &officer)
                #expect(stale.status == .conflict && stale.text.contains("Title by the second officer") && stale.text.contains(#"name="version" value="1""#))
                #expect(try await CallModel.query(on: app.db).filter(\.$slug == "2028-2030").first()?.title == "Title by the first officer")
            }
        }

        @Test func anyoneReadsThePublicCalls() async throws {
            try await withTandem { app in
                let list = try await request(app, .GET, "/api/v1/calls")
                let calls = try #require(try JSONSerialization.jsonObject(with: Data(list.body.string.utf8)) as? [[String: Any]])
                #expect(calls.map { $0["slug"] as? String } == ["2025-2027"])
                let one = try await request(app, .GET, "/api/v1/calls/2025-2027")
                #expect(one.json["reference"] as? String == "S/2368/2025")
                #expect((one.json["rules"] as? [String: Int])?["reapplicationGapYears"] == 4)
                #expect((one.json["reviewDates"] as? [String])?.first == "2025-03-31")
                let areas = try #require(one.json["thematicAreas"] as? [[String: Any]])
                #expect(areas.count == 8 && areas.filter { $0["mandatoryForMentees"] as? Bool == true }.count == 2)
                #expect(try await request(app, .GET, "/api/v1/calls/1999").status == .notFound)
            }
        }

        @Test func theSecretariatCreatesACallWithAWriteToken() async throws {
            try await withTandem { app in
                let officer = try await token(app, .secretariat, .write)
                let made = try await request(app, .POST, "/api/v1/calls", body: Self.body, token: officer)
                #expect(made.status == .created)
                #expect((made.json["reviewDates"] as? [String])?.count == 12)
                #expect(try await request(app, .POST, "/api/v1/calls", body: Self.body, token: officer).status == .conflict)
                // A draft: listed for the Secretariat's token, not for the public.
                let mine = try await request(app, .GET, "/api/v1/calls", token: officer)
                #expect(mine.body.string.contains("2028-2030"))
                #expect(!(try await request(app, .GET, "/api/v1/calls")).body.string.contains("2028-2030"))
                #expect(try await request(app, .GET, "/api/v1/calls/2028-2030").status == .notFound)

                let backwards = Self.body.replacingOccurrences(of: #""closes": "2030-12-31""#, with: #""closes": "2027-12-31""#)
                    .replacingOccurrences(of: "2028-2030", with: "2031-2033")
                let refused = try await request(app, .POST, "/api/v1/calls", body: backwards, token: officer)
                #expect(refused.status == .unprocessableEntity)
                #expect(((refused.json["error"] as? [String: Any])?["fields"] as? [String: String])?.keys.contains("closes") == true)
                let garbled = try await request(app, .POST, "/api/v1/calls", body: #"{"slug": "x", "opens": "15 January"}"#, token: officer)
                #expect(garbled.status == .badRequest)
            }
        }

        @Test func aFocalPointOrAReadTokenCannotCreateACall() async throws {
            try await withTandem { app in
                let focal = try await token(app, .focalPoint, .write)
                #expect(try await request(app, .POST, "/api/v1/calls", body: Self.body, token: focal).status == .forbidden)
                let reader = try await token(app, .admin, .read)
                let answer = try await request(app, .POST, "/api/v1/calls", body: Self.body, token: reader)
                #expect(answer.status == .forbidden && (answer.json["error"] as? [String: Any])?["code"] as? String == "insufficient_scope")
                #expect(try await CallModel.query(on: app.db).count() == 1)
            }
        }
    }
}
