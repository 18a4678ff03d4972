import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// The clearing-house through its pages, as its people use it: a partner organisation writes an opportunity, the
    /// Secretariat returns it with a reason and then publishes it, and the public finds it by words of any of its
    /// languages and by its codes; a State Party's needs are its own to publish.
    @Suite struct ClearingHousePagesTests {
        func person(_ email: String, _ role: Role, state: String? = nil, organisation: UUID? = nil, language: Language = .en,
                    on app: Application) async throws -> CookieJar {
            try await UserModel(email: email, displayName: email, language: language, role: role, stateISO3: state, organisationID: organisation)
                .create(on: app.db)
            return try await MatchingTests().signIn(email, app)
        }

        static let opportunity: [(String, String)] = [
            ("language", "fr"), ("title", "Cours de sécurité chimique"), ("opportunityKind", "course"), ("provider", "Institut régional"),
            ("summary", "Deux semaines sur la sécurité des installations chimiques."), ("howToApply", "Par l’autorité nationale."),
            ("areas", "chemical_safety_security"), ("groups", "africa"), ("languages", "fr"), ("languages", "en"),
            ("t.en.title", "Chemical security course"), ("visibility", "public"),
        ]

        func record(_ location: String?, _ app: Application) async throws -> ClearingRecordModel {
            let id = try #require(location.flatMap { UUID(uuidString: String($0.split(separator: "/").last ?? "")) })
            return try #require(try await ClearingRecordModel.find(id, on: app.db))
        }

        func mail(_ kind: String, to recipient: String, _ app: Application) async throws -> [OutboxMessageModel] {
            try await OutboxMessageModel.query(on: app.db).filter(\.$kind == kind).filter(\.$recipient == recipient).all()
        }

        @Test func anOpportunityIsReturnedWithAReasonThenPublishedAndFoundInAnyOfItsLanguages() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let organisation = OrganisationModel(name: "Institut régional", kind: "training", countryISO3: nil)
                try await organisation.create(on: app.db)
                var writer = try await person("writer@example.org", .organisation, organisation: organisation.id, language: .fr, on: app)
                var officer = try await person("officer@example.org", .secretariat, on: app)
                var member = try await person("member@example.org", .member, on: app)
                var visitor = CookieJar(header: "\(Request.csrfCookie)=visitor")

                // Sent incomplete: refused with every value kept and each problem by its field; nothing stored.
                let incomplete = try await post(tester, "/clearing-house/opportunities", pairs: Array(Self.opportunity.prefix(3)) + [("action", "submit")], jar: &writer)
                #expect(incomplete.status == .unprocessableEntity)
                #expect(incomplete.text.contains("value=\"Cours de sécurité chimique\"") && incomplete.text.contains("id=\"provider-error\"")
                        && incomplete.text.contains("id=\"areas-error\"") && incomplete.text.contains("href=\"#summary-error\""))
                #expect(try await ClearingRecordModel.query(on: app.db).count() == 0)
                // A visibility or language that is not one of the choices is refused, not guessed.
                let guessed = try await post(tester, "/clearing-house/opportunities", pairs: [("title", "A course"), ("visibility", "everyone"),
                                                                                             ("language", "xx"), ("action", "save")], jar: &writer)
                #expect(guessed.status == .unprocessableEntity && guessed.text.contains("id=\"visibility-error\"")
                        && guessed.text.contains("id=\"language-error\""))
                #expect(try await ClearingRecordModel.query(on: app.db).count() == 0)

                let sent = try await post(tester, "/clearing-house/opportunities", pairs: Self.opportunity + [("action", "submit")], jar: &writer)
                #expect(sent.status == .seeOther)
                let stored = try await record(sent.headers.first(name: .location), app)
                let path = "/clearing-house/records/" + (try stored.requireID().uuidString)
                #expect(try stored.publication().status == .submitted && stored.originalLanguage == .fr && stored.$organisation.id == organisation.id)
                #expect(try await mail("record_submitted", to: "officer@example.org", app).count == 1)
                // Waiting for review, it is its writer's and the Secretariat's to see, nobody else's.
                #expect(try await get(tester, path, jar: &visitor).status == .notFound)
                #expect(try await get(tester, path, jar: &member).status == .notFound)
                #expect(try await post(tester, path + "/publish", [:], jar: &member).status == .notFound)
                #expect(try await post(tester, path + "/publish", [:], jar: &writer).status == .forbidden)
                // Whatever version a page says, a step that is not theirs is refused as such.
                #expect(try await post(tester, path + "/publish", ["version": "0"], jar: &writer).status == .forbidden)

                let noReason = try await post(tester, path + "/return", ["reason": "  "], jar: &officer)
                #expect(noReason.status == .unprocessableEntity && noReason.text.contains("id=\"reason-error\""))
                #expect(try await post(tester, path + "/return", ["reason": "Donnez la date limite."], jar: &officer).status == .seeOther)
                let returned = try await mail("record_returned", to: "writer@example.org", app)
                #expect(returned.count == 1 && returned[0].textBody.contains("Donnez la date limite.") && returned[0].language == "fr")
                #expect(try await get(tester, path, jar: &writer).text.contains("Donnez la date limite."))

                // A save from a page drawn before the last change keeps what was typed and says why it was not saved.
                let edit = try await get(tester, path + "/edit", jar: &writer)
                #expect(edit.status == .ok)
                let version = try #require(edit.text.firstMatch(of: /name="version" value="(\d+)"/)).1
                let stale = try await post(tester, path, pairs: Self.opportunity + [("deadline", "2027-02-01"), ("version", "0"), ("action", "save")], jar: &writer)
                #expect(stale.status == .conflict && stale.text.contains("id=\"record-notice\"") && stale.text.contains("value=\"2027-02-01\""))
                let again = try await post(tester, path, pairs: Self.opportunity + [("deadline", "2027-02-01"), ("version", String(version)), ("action", "submit")],
                                           jar: &writer)
                #expect(again.status == .seeOther)
                #expect(try await ClearingRecordVersionModel.query(on: app.db).filter(\.$record.$id == stored.requireID()).count() == 2)

                let queue = try await get(tester, "/clearing-house/review", jar: &officer)
                #expect(queue.text.contains("value=\"\(try stored.requireID().uuidString)\""))
                #expect(try await post(tester, "/clearing-house/review", pairs: [("record", try stored.requireID().uuidString)], jar: &officer).status == .seeOther)
                #expect(try await record(path, app).publication().status == .published)
                #expect(try await mail("record_published", to: "writer@example.org", app).count == 1)
                let steps = try await AuditEntryModel.query(on: app.db).filter(\.$entity == "clearing_record").sort(\.$at).all().map(\.action)
                #expect(steps == ["create", "submit", "return", "save", "submit", "publish"])

                // Found without accents, through its translation, and through its codes' labels in each language.
                for (words, found) in [("securite", true), ("chemical security", true), ("curso", true), ("Afrique", true), ("cours", true),
                                       ("inspections", false)] {
                    let page = try await get(tester, "/clearing-house/opportunities?q=" + words.replacingOccurrences(of: " ", with: "+"), jar: &visitor)
                    #expect(page.text.contains("Chemical security course") == found, "\(words)")
                }
                let kept = try await get(tester, "/clearing-house/search?f.areas=chemical_safety_security&f.groups=africa", jar: &visitor)
                #expect(kept.text.contains("1 record found") && kept.text.contains("Chemical security course"))
                let left = try await get(tester, "/clearing-house/search?x.groups=africa", jar: &visitor)
                #expect(left.text.contains("0 records found"))
                // Every value of a facet stays reachable with its count, also those the results page leaves out.
                let facet = try await get(tester, "/clearing-house/facets/languages?kind=opportunities", jar: &visitor)
                #expect(facet.text.contains("French") && facet.text.contains("English"))
                let spanish = try await get(tester, path + "?lang=es", jar: &visitor)
                #expect(spanish.text.contains("Original en francés"))
            }
        }

        @Test func aStatesNeedIsPublishedByItsFocalPointsAndBySecretariatOnlyWithTheStatesConsent() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var ghana = try await person("ghana@example.org", .focalPoint, state: "GHA", on: app)
                var peru = try await person("peru@example.org", .focalPoint, state: "PER", on: app)
                var officer = try await person("officer@example.org", .secretariat, on: app)
                let need: [(String, String)] = [
                    ("language", "en"), ("title", "Training for customs officers"), ("areas", "transfers_control"), ("priority", "high"),
                    ("description", "Customs officers at the ports need to recognise scheduled chemicals."), ("assistance", "training"),
                    ("needStatus", "open"), ("visibility", "public"),
                ]
                // A focal point's need is their state's, whatever state the form names.
                let published = try await post(tester, "/clearing-house/needs", pairs: need + [("state", "NGA"), ("action", "publish")], jar: &ghana)
                #expect(published.status == .seeOther)
                let stored = try await record(published.headers.first(name: .location), app)
                #expect(try stored.stateISO3 == "GHA" && stored.publication().status == .published)
                let path = "/clearing-house/records/" + (try stored.requireID().uuidString)
                #expect(try await get(tester, path, jar: &peru).status == .ok)
                #expect(try await get(tester, path + "/edit", jar: &peru).status == .forbidden)
                #expect(try await post(tester, path + "/withdraw", [:], jar: &peru).status == .forbidden)
                #expect(try await get(tester, path + "/edit", jar: &officer).status == .forbidden)
                #expect(try await post(tester, path + "/withdraw", [:], jar: &ghana).status == .seeOther)

                let withoutConsent = try await post(tester, "/clearing-house/needs", pairs: need + [("state", "NGA"), ("action", "publish")], jar: &officer)
                #expect(withoutConsent.status == .unprocessableEntity && withoutConsent.text.contains("id=\"consent-error\""))
                let withConsent = try await post(tester, "/clearing-house/needs", pairs: need + [("state", "NGA"), ("consent", "yes"), ("action", "publish")],
                                                 jar: &officer)
                #expect(withConsent.status == .seeOther)
                let nigeria = try await record(withConsent.headers.first(name: .location), app)
                #expect(try nigeria.stateISO3 == "NGA" && nigeria.stateConsent && nigeria.publication().status == .published)
                // The need is found by its state's name in any language, and by its regional group.
                var visitor = CookieJar(header: "\(Request.csrfCookie)=visitor")
                #expect(try await get(tester, "/clearing-house/needs?f.states=NGA", jar: &visitor).text.contains("1 record found"))
                #expect(try await get(tester, "/clearing-house/needs?f.groups=africa", jar: &visitor).text.contains("1 record found"))
            }
        }
    }
}
