import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

/// Nothing a person types is lost: a save over someone else's newer save is refused with both texts shown, a
/// session that ended keeps the text until it is sent again, values past what the programme can hold are refused
/// by their field, and a stored value Tandem cannot read is a fault, never an empty form saved over the real one.
extension AppTests {
    @Suite struct NoLostEditsTests {
        func version(in page: String) -> String? {
            guard let range = page.range(of: #"name="version" value="(\d+)""#, options: .regularExpression) else { return nil }
            return String(page[range].split(separator: "\"")[3])
        }

        /// Ghana's draft application, begun on the web, and the jar of its focal point.
        func ghanasDraft(_ app: Application) async throws -> (path: String, jar: CookieJar) {
            ApplicationsAPITests().during(app)
            var jar = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
            let started = try await post(try app.testing(), "/programme/calls/2025-2027/apply", [:], jar: &jar)
            return (try #require(started.headers.first(name: .location)), jar)
        }

        @Test func aSaveOverSomeoneElsesNewerSaveComesBackWithBothTexts() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var (edit, first) = try await ghanasDraft(app)
                var second = first
                let opened = try #require(version(in: try await get(tester, edit, jar: &first).text))
                #expect(version(in: try await get(tester, edit, jar: &second).text) == opened)

                var mine = ApplicationEditingTests.fields
                mine["version"] = opened
                mine["phone"] = "+233 30 222 2222"
                #expect(try await post(tester, edit, mine, jar: &first).status == .ok)

                var theirs = ApplicationEditingTests.fields
                theirs["version"] = opened
                theirs["motivation"] = "Train the customs officers first."
                let refused = try await post(tester, edit + "?lang=en", theirs, jar: &second)
                #expect(refused.status == .conflict)
                #expect(refused.text.contains("Someone else saved this application while you were writing"))
                #expect(refused.text.contains("id=\"form-notice\" data-stale>"))
                // The writer's own text stays in the form, and what was saved meanwhile is shown beside its field.
                #expect(refused.text.contains("Train the customs officers first.</textarea>"))
                #expect(refused.text.contains("Saved meanwhile by someone else: “+233 30 222 2222”"))
                #expect(refused.text.contains("Saved meanwhile by someone else: “Renforcer la mise en œuvre.”"))
                let stored = try #require(try await ApplicationModel.query(on: app.db).first())
                #expect(try stored.value().phone == "+233 30 222 2222" && stored.value().motivation == "Renforcer la mise en œuvre.")

                // A version that is not one is taken as stale, never as leave to write over.
                var garbled = theirs
                garbled["version"] = "abc"
                #expect(try await post(tester, edit, garbled, jar: &second).status == .conflict)
                // Saving again from the page that showed both is deliberate: it goes through.
                theirs["version"] = version(in: refused.text)
                theirs["phone"] = "+233 30 222 2222"
                #expect(try await post(tester, edit, theirs, jar: &second).status == .ok)
                let merged = try #require(try await ApplicationModel.query(on: app.db).first()).value()
                #expect(merged.phone == "+233 30 222 2222" && merged.motivation == "Train the customs officers first.")

                // A background save from the stale page is refused plainly and the page's script keeps the text.
                var background = mine
                background["action"] = "autosave"
                var headers = first.header
                headers.contentType = .urlEncodedForm
                headers.replaceOrAdd(name: .accept, value: "application/json")
                let stale = try await tester.performTest(request: .init(
                    method: .POST, url: .init(path: edit), headers: headers,
                    body: ByteBuffer(string: background.merging(["_csrf": first.values[Request.csrfCookie] ?? ""]) { $1 }
                        .map { "\($0.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                        .joined(separator: "&"))))
                #expect(stale.status == .conflict && stale.json["error"] != nil)
            }
        }

        @Test func theAPISendsTheVersionAsETagAndRefusesAStaleIfMatch() async throws {
            try await withTandem { app in
                ApplicationsAPITests().during(app)
                let api = ApplicationsAPITests()
                let token = try await api.token(app, email: "fp@na.gov.gh", role: .focalPoint, state: "GHA")
                let made = try await api.request(app, .POST, "/api/v1/applications", #"{"call": "2025-2027", "state": "GHA"}"#, token: token)
                let id = try #require(made.json["id"] as? String)
                let read = try await api.request(app, .GET, "/api/v1/applications/\(id)", token: token)
                #expect(read.headers.first(name: .eTag) == "\"0\"" && read.json["version"] as? Int == 0)

                func put(_ phone: String, ifMatch: String?) async throws -> TestingHTTPResponse {
                    var headers = HTTPHeaders()
                    headers.contentType = .json
                    headers.bearerAuthorization = BearerAuthorization(token: token)
                    if let ifMatch { headers.replaceOrAdd(name: .ifMatch, value: ifMatch) }
                    return try await app.testing().performTest(request: .init(
                        method: .PUT, url: .init(path: "/api/v1/applications/\(id)"), headers: headers,
                        body: ByteBuffer(string: #"{"form": {"phone": "\#(phone)"}}"#)))
                }
                let first = try await put("+233 1", ifMatch: "\"0\"")
                #expect(first.status == .ok && first.headers.first(name: .eTag) == "\"1\"")
                let stale = try await put("+233 2", ifMatch: "\"0\"")
                #expect(stale.status == .preconditionFailed)
                #expect((stale.json["error"] as? [String: Any])?["code"] as? String == "stale")
                #expect(try await put("+233 3", ifMatch: "W/\"1\"").status == .ok)
                #expect(try await put("+233 4", ifMatch: "one").status == .badRequest)
                #expect(try #require(try await ApplicationModel.query(on: app.db).first()).value().phone == "+233 3")
            }
        }

        @Test func aReportSavedOverANewerSaveComesBackWithBothTexts() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                let record = try await PartnershipLifecycleTests().begin(app, clock: clock)
                let tester = try app.testing()
                var peru = try await MatchingTests().signIn("per@demo.tandem", app)
                var mexico = try await MatchingTests().signIn("mex@demo.tandem", app)
                let path = record.href + "/reports/interim_1"
                let opened = try #require(version(in: try await get(tester, path, jar: &peru).text))
                #expect(version(in: try await get(tester, path, jar: &mexico).text) == opened)
                let saved = try await post(tester, path, ["activities": "Two workshops", "action": "save", "version": opened], jar: &peru)
                #expect(saved.status == .ok)
                let refused = try await post(tester, path + "?lang=en", ["activities": "One meeting", "analysis": "Good progress",
                                                                         "action": "save", "version": opened], jar: &mexico)
                #expect(refused.status == .conflict)
                #expect(refused.text.contains("Someone else saved this report while you were writing"))
                // The page opens at that notice (autosave.js), wherever the pressed button pointed.
                #expect(refused.text.contains("id=\"form-notice\" data-stale>"))
                #expect(refused.text.contains("One meeting") && refused.text.contains("Good progress"))
                #expect(refused.text.contains("Saved meanwhile by someone else: “Two workshops”"))
                let report = try #require(try await ReportModel.query(on: app.db).filter(\.$kind == "interim_1").first())
                #expect(try report.value().activities == "Two workshops" && report.value().analysis.isEmpty)
            }
        }

        @Test func aFormSentAfterTheSessionEndedIsKeptUntilItIsSentAgain() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var (edit, jar) = try await ghanasDraft(app)
                let signedIn = jar
                jar.values[Request.sessionCookie] = nil
                var typed = ApplicationEditingTests.fields
                typed["motivation"] = "Typed while the session had ended."
                typed["action"] = "autosave"
                // The page's script asks for JSON: it is told the session ended, not sent a sign-in page.
                var headers = jar.header
                headers.contentType = .urlEncodedForm
                headers.replaceOrAdd(name: .accept, value: "application/json")
                let background = try await tester.performTest(request: .init(method: .POST, url: .init(path: edit), headers: headers,
                                                                             body: ByteBuffer(string: "action=autosave&_csrf=\(jar.values[Request.csrfCookie] ?? "")")))
                #expect(background.status == .unauthorized)

                // Without the script, the form is kept and the sign-in leads back to it.
                typed["action"] = "save"
                let sent = try await post(tester, edit, typed, jar: &jar)
                #expect(sent.status == .seeOther)
                let signIn = try #require(sent.headers.first(name: .location))
                #expect(signIn.hasPrefix("/account/sign-in?next=/kept-forms/"))
                let keptPath = String(signIn.dropFirst("/account/sign-in?next=".count))
                // Signing in again in the same browser (which gives it a new form token) leads to the kept form.
                _ = signedIn
                let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == "focalpoint@example.org").first())
                user.passwordHash = try app.password.hash("focal point's own password")
                try await user.save(on: app.db)
                let oldToken = jar.values[Request.csrfCookie]
                let back = try await post(tester, "/account/sign-in", ["email": "focalpoint@example.org", "password": "focal point's own password",
                                                                       "next": keptPath], jar: &jar)
                #expect(back.headers.first(name: .location) == keptPath && jar.values[Request.csrfCookie] != oldToken)
                let kept = try await get(tester, keptPath + "?lang=en", jar: &jar)
                #expect(kept.status == .ok && kept.text.contains("Your text was kept"))
                #expect(kept.text.contains("action=\"\(edit)\"") && kept.text.contains("value=\"Typed while the session had ended.\""))
                #expect(try #require(try await ApplicationModel.query(on: app.db).first()).value().motivation.isEmpty)
                // Sending it again saves what was typed.
                var again = Dictionary(uniqueKeysWithValues: KeptForms.fields(of: try #require(
                    try await KeptFormModel.query(on: app.db).first()).body).map { ($0.name, $0.value) })
                again["version"] = nil
                #expect(try await post(tester, edit, again, jar: &jar).status == .ok)
                #expect(try #require(try await ApplicationModel.query(on: app.db).first()).value().motivation == "Typed while the session had ended.")
                // The kept form's address means nothing to anyone without it, nor to another browser that has it: a
                // form sent from elsewhere cannot be planted for someone to send by signing in.
                #expect(try await get(tester, "/kept-forms/not-a-secret", jar: &jar).status == .notFound)
                var elsewhere = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                elsewhere.values[Request.csrfCookie] = "another-browser"
                #expect(try await get(tester, keptPath, jar: &elsewhere).status == .notFound)
            }
        }

        @Test func keptFormsAreBoundedPerBrowserAndInSize() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var (edit, jar) = try await ghanasDraft(app)
                jar.values[Request.sessionCookie] = nil
                for text in ["one", "two", "three", "four"] {
                    #expect(try await post(tester, edit, ["motivation": text], jar: &jar).status == .seeOther)
                }
                let kept = try await KeptFormModel.query(on: app.db).all()
                #expect(kept.count == 3 && !kept.contains { $0.body.contains("motivation=one") })
                let huge = try await post(tester, edit, ["motivation": String(repeating: "x", count: KeptForms.largestBody)], jar: &jar)
                #expect(huge.headers.first(name: .location) == "/account/sign-in?next=\(edit)")
                #expect(try await KeptFormModel.query(on: app.db).count() == 3)
            }
        }

        @Test func aFigurePastWhatTheProgrammeHoldsIsRefusedByItsFieldAndNeverBreaksAPage() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                let record = try await PartnershipLifecycleTests().begin(app, clock: clock)
                let tester = try app.testing()
                var peru = try await MatchingTests().signIn("per@demo.tandem", app)
                let path = record.href + "/reports/interim_1"
                let entry = try #require(try record.model.framework().indicators(at: .output).first)
                let key = ReportFields.key(entry.path)
                let fields = ["activities": "Meetings", "participants": "Eight officials", "analysis": "Covered", "nextSteps": "Draft",
                              "values[\(key)][actual]": "99999999999999999999999", "action": "submit"]
                let refused = try await post(tester, path + "?lang=en", fields, jar: &peru)
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.text.contains("This figure is too large"))
                // A value stored before the check existed is not drawn, and the workspace still opens.
                let report = try #require(try await ReportModel.query(on: app.db).filter(\.$kind == "interim_1").first())
                var form = try report.value()
                form.values[entry.path] = IndicatorValue(actual: "99999999999999999999999")
                report.setForm(form)
                report.status = ReportModel.Status.accepted.rawValue
                try await report.save(on: app.db)
                #expect(try await get(tester, record.href, jar: &peru).status == .ok)
            }
        }

        @Test func aStoredValueTandemCannotReadIsAFaultAndNothingIsWrittenOverIt() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var (edit, jar) = try await ghanasDraft(app)
                let application = try #require(try await ApplicationModel.query(on: app.db).first())
                application.status = "in_limbo"
                try await application.save(on: app.db)
                let unknown = try await get(tester, edit + "?lang=en", jar: &jar)
                #expect(unknown.status == .internalServerError && unknown.text.contains("quote reference"))

                application.status = ApplicationStatus.draft.rawValue
                application.form = "{\"phone\": 42"
                try await application.save(on: app.db)
                var typed = ApplicationEditingTests.fields
                typed["action"] = "autosave"
                let saved = try await post(tester, edit, typed, jar: &jar)
                #expect(saved.status == .internalServerError)
                #expect(try #require(try await ApplicationModel.find(application.id, on: app.db)).form == "{\"phone\": 42")
            }
        }

        static func withApp(_ config: AppConfig, _ body: (Application) async throws -> Void) async throws {
            let app = try await Application.make(.testing)
            do {
                try await configure(app, config: config)
                try await body(app)
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }

        @Test func instancesStartingTogetherOnANewDatabaseTakeTurns() async throws {
            var settings = AppConfig(database: .sqliteFile(path: FileManager.default.temporaryDirectory
                .appendingPathComponent("tandem-start-\(UUID().uuidString).sqlite").path), logLevel: .warning)
            settings.deployment = .test
            settings.secretsKey = Data(repeating: 7, count: 32)
            if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], url.hasPrefix("postgres") {
                settings.database = .postgres(url: url)
            }
            let config = settings
            // A new database: PostgreSQL's tables are dropped first.
            try await Self.withApp(config) { app in if case .postgres = config.database { try await app.autoRevert() } }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 1...3 { group.addTask { try await Self.withApp(config) { try await $0.prepareDatabase() } } }
                try await group.waitForAll()
            }
            var counts: [Int] = []
            try await Self.withApp(config) { app in
                counts = [try await StatePartyModel.query(on: app.db).count(), try await CallModel.query(on: app.db).count()]
            }
            #expect(counts == [193, 1])
        }
    }
}
