import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
@testable import App

extension AppTests {
    /// The clearing-house's search on the database in use (FTS5 on SQLite, `tsvector` on PostgreSQL): words of any
    /// language with or without their accents, codes through their labels in English, French and Spanish, words left
    /// out, facets counted with every other filter, and only what the reader may see.
    @Suite struct ClearingSearchTests {
        struct Library {
            let app: Application
            let officer: UserModel

            /// A record written and published by the Secretariat.
            @discardableResult
            func publish(_ kind: RecordKind, _ language: Language, _ values: [String: String], lists: [String: [String]] = [:],
                         translations: [Language: [String: String]] = [:], visibility: RecordVisibility = .public,
                         state: String? = nil) async throws -> ClearingRecordModel {
                let document = RecordDocument(values: values, lists: lists, translations: translations)
                let record = try await StartClearingRecord(kind: kind, draft: .init(document: document.stored, visibility: visibility, language: language,
                                                                                   stateConsent: state != nil), state: state)
                    .run(by: officer, app: app, on: app.db)
                #expect(try await MoveClearingRecord(recordID: record.requireID(), step: .publish).run(by: officer, app: app, on: app.db)
                        == .moved(Publication(status: .published, publishedOn: CivilDate(utc: app.clock.now()), confirmedOn: CivilDate(utc: app.clock.now()))))
                return record
            }

            func search(_ items: [(String, String)], signedIn: Bool = false) async throws -> RecordSearch.Results {
                try await RecordSearch().run(RecordQuery(items: items), reader: .init(signedIn: signedIn, secretariat: false), pageSize: 20,
                                             index: app.clearingIndex, on: app.db)
            }

            func titles(_ items: [(String, String)], signedIn: Bool = false) async throws -> [String] {
                try await search(items, signedIn: signedIn).hits.map { $0.document["title"] }.sorted()
            }
        }

        func library(_ app: Application) async throws -> Library {
            let officer = UserModel(email: "officer@example.org", displayName: "Officer", language: .en, role: .secretariat, stateISO3: nil, organisationID: nil)
            try await officer.create(on: app.db)
            let library = Library(app: app, officer: officer)
            try await library.publish(.opportunity, .fr, ["title": "Cours de sécurité chimique", "opportunityKind": "course",
                                                         "summary": "Deux semaines à Abidjan sur la sécurité des installations."],
                                      lists: ["areas": ["chemical_safety_security"], "languages": ["fr"], "groups": ["africa"]],
                                      translations: [.en: ["title": "Chemical security course"]])
            try await library.publish(.opportunity, .es, ["title": "Formación de funcionarios aduaneros", "opportunityKind": "fellowship",
                                                         "summary": "Beca para el control de las transferencias."],
                                      lists: ["areas": ["transfers_control"], "languages": ["es"], "groups": ["grulac"]])
            try await library.publish(.project, .en, ["title": "Customs training in West Africa", "projectStatus": "ongoing",
                                                     "summary": "Courses for customs officers on scheduled chemicals."],
                                      lists: ["areas": ["transfers_control"], "targets": ["customs"], "activity": ["training_course"],
                                              "groups": ["africa"]])
            try await library.publish(.need, .en, ["title": "Laboratory for national inspections", "priority": "high", "needStatus": "open",
                                                  "areas": "inspections", "description": "Analysis of samples taken during national inspections."],
                                      visibility: .members, state: "GHA")
            return library
        }

        @Test func wordsAreFoundInAnyLanguageWithOrWithoutAccentsAndCodesThroughTheirLabels() async throws {
            try await withTandem { app in
                let library = try await library(app)
                #expect(try await library.titles([("q", "securite chimique")]) == ["Cours de sécurité chimique"])
                #expect(try await library.titles([("q", "SÉCURITÉ")]) == ["Cours de sécurité chimique"])
                // Through its translation, and through a word's start: "formacion adua" also finds the project, whose codes read
                // "Curso de formación" and "Funcionarios de aduanas" in Spanish.
                #expect(try await library.titles([("q", "chemical security")]) == ["Cours de sécurité chimique"])
                // A word after an elided article is a word: "d’Ivoire" is found by "ivoire".
                try await library.publish(.project, .fr, ["title": "Appui à l’autorité nationale de Côte d’Ivoire", "projectStatus": "ongoing"])
                #expect(try await library.titles([("q", "ivoire autorite")]) == ["Appui à l’autorité nationale de Côte d’Ivoire"])
                #expect(try await library.titles([("q", "formacion aduaneros")]) == ["Formación de funcionarios aduaneros"])
                #expect(try await library.titles([("q", "formacion adua")]) == ["Customs training in West Africa", "Formación de funcionarios aduaneros"])
                // A code is found by its label in each of the three languages: fellowship, bourse, beca.
                for label in ["fellowship", "bourse de perfectionnement", "beca"] {
                    #expect(try await library.titles([("q", label)]).contains("Formación de funcionarios aduaneros"), "\(label)")
                }
                #expect(try await library.titles([("q", "douanes")]) == ["Customs training in West Africa"])
                #expect(try await library.titles([("q", "customs")]) == ["Customs training in West Africa"])
                // A word to leave out, and only words to leave out.
                #expect(try await library.titles([("q", "africa -chemicals")]) == ["Cours de sécurité chimique"])
                #expect(try await library.titles([("q", "-abidjan -beca")]) == ["Appui à l’autorité nationale de Côte d’Ivoire", "Customs training in West Africa"])
                #expect(try await library.titles([("q", "astrology")]).isEmpty)
                // The need is for members: the public does not find it, a signed-in member does, by Ghana's name in French.
                #expect(try await library.titles([("q", "inspections")]).isEmpty)
                #expect(try await library.titles([("q", "inspections")], signedIn: true) == ["Laboratory for national inspections"])
            }
        }

        /// A draft saved again and again changes nothing anyone can search, so the searches and pages kept stay; a
        /// published record's edit and its withdrawal move them.
        @Test func onlyWhatIsOrWasPublishedMovesTheClearingHouseVersion() async throws {
            try await withTandem { app in
                let library = try await library(app)
                let draft = try await StartClearingRecord(kind: .resource, draft: .init(document: RecordDocument(values: ["title": "Notes"]).stored,
                                                                                       visibility: .public, language: .en), state: nil)
                    .run(by: library.officer, app: app, on: app.db)
                let before = try await DataVersion.current(.clearing, on: app.db)
                for (number, title) in ["Notes on sampling", "Notes on sampling and analysis"].enumerated() {
                    let saved = try await SaveClearingRecord(recordID: draft.requireID(), draft: .init(document: RecordDocument(values: ["title": title]).stored,
                                                                                                     visibility: .public, language: .en),
                                                             basedOn: number).run(by: library.officer, app: app, on: app.db)
                    guard case .saved = saved else { Issue.record("not saved: \(saved)"); return }
                }
                #expect(try await DataVersion.current(.clearing, on: app.db) == before)
                let course = try #require(try await ClearingRecordModel.query(on: app.db).all().first { $0.document.contains("Cours de s") })
                #expect(try await MoveClearingRecord(recordID: course.requireID(), step: .withdraw).run(by: library.officer, app: app, on: app.db)
                        != .refused(.notYours))
                #expect(try await DataVersion.current(.clearing, on: app.db) > before)
            }
        }

        /// The best match first: more of the words in the title before fewer, then the newest; the other orders as asked.
        @Test func theBestMatchHasTheWordsInItsTitle() async throws {
            try await withTandem { app in
                let library = try await library(app)
                try await library.publish(.resource, .en, ["title": "Guide for customs officers", "creator": "WCO", "dcType": "Text",
                                                           "identifier": "https://example.org/guide"])
                try await library.publish(.resource, .en, ["title": "Border controls handbook", "creator": "WCO", "dcType": "Text",
                                                           "description": "What customs officers check at the border.",
                                                           "identifier": "https://example.org/handbook"])
                let best = try await library.search([("q", "customs officers")]).hits.map { $0.document["title"] }
                #expect(best == ["Guide for customs officers", "Customs training in West Africa", "Border controls handbook"])
                let newest = try await library.search([("q", "customs officers"), ("sort", "newest")]).hits.map { $0.document["title"] }
                #expect(newest == ["Border controls handbook", "Guide for customs officers", "Customs training in West Africa"])
            }
        }

        @Test func facetsCountEveryValueUnderTheOtherFiltersAndChangesShowAtOnce() async throws {
            try await withTandem { app in
                let library = try await library(app)
                let africa = try await library.search([("f.groups", "africa")], signedIn: true)
                #expect(africa.total == 3)
                // Groups are counted as if no group were chosen, so every group stays one click away.
                #expect(africa.facets["groups"]?.map { "\($0.code):\($0.count)" } == ["africa:3", "grulac:1"])
                #expect(africa.facets["kind"]?.map { "\($0.code):\($0.count)" } == ["opportunity:1", "need:1", "project:1"].sorted())
                let combined = try await library.search([("f.groups", "africa"), ("f.areas", "transfers_control"), ("x.kind", "need")], signedIn: true)
                #expect(combined.hits.map { $0.document["title"] } == ["Customs training in West Africa"])
                let needs = try await library.search([("kind", "needs")], signedIn: true)
                #expect(needs.facets["states"]?.map(\.code) == ["GHA"] && needs.total == 1)

                // Withdrawn, a record leaves the results at once, though the same words were asked before (and their answer kept).
                #expect(try await library.titles([("q", "securite")]) == ["Cours de sécurité chimique"])
                let course = try #require(try await ClearingRecordModel.query(on: app.db).all().first { $0.document.contains("Cours de s") })
                #expect(try await MoveClearingRecord(recordID: course.requireID(), step: .withdraw).run(by: library.officer, app: app, on: app.db)
                        != .refused(.notYours))
                #expect(try await library.titles([("q", "securite")]).isEmpty)
                try await library.publish(.resource, .fr, ["title": "Sécurité des laboratoires", "creator": "OIAC", "dcType": "Text"])
                #expect(try await library.titles([("q", "securite")]) == ["Sécurité des laboratoires"])
                #expect(try await library.search([("f.groups", "africa")], signedIn: true).total == 2)
                let byTitle = try await library.search([("sort", "title")], signedIn: true).hits.map { $0.document["title"] }
                #expect(byTitle == ["Customs training in West Africa", "Formación de funcionarios aduaneros", "Laboratory for national inspections",
                                    "Sécurité des laboratoires"])
            }
        }

        /// The public's pages and API answers are kept between visitors, and a record published or withdrawn shows at once.
        @Test func keptPublicPagesShowAPublishedOrWithdrawnRecordAtOnce() async throws {
            try await withTandem { app in
                let library = try await library(app)
                let tester = try app.testing()
                var visitor = CookieJar(header: "\(Request.csrfCookie)=visitor")
                for path in ["/clearing-house/library", "/api/v1/clearing-house/records?kind=library", "/clearing-house/search?q=poison"] {
                    #expect(!(try await get(tester, path, jar: &visitor).text.contains("Poison centres")), "\(path)")
                }
                let guide = try await library.publish(.resource, .en, ["title": "Poison centres", "creator": "WHO", "dcType": "Text",
                                                                       "identifier": "https://example.org/poison"])
                for path in ["/clearing-house/library", "/api/v1/clearing-house/records?kind=library", "/clearing-house/search?q=poison"] {
                    #expect(try await get(tester, path, jar: &visitor).text.contains("Poison centres"), "\(path)")
                }
                _ = try await MoveClearingRecord(recordID: guide.requireID(), step: .withdraw).run(by: library.officer, app: app, on: app.db)
                #expect(!(try await get(tester, "/clearing-house/search?q=poison", jar: &visitor).text.contains("Poison centres")))
                // The API's answers are kept per audience: the public's answer is never a member's, nor the other way round.
                let token = try await ApplicationsAPITests().token(app, email: "member@example.org", role: .member, state: nil)
                let path = "/api/v1/clearing-house/records?q=laboratory"
                for _ in 0..<2 {
                    #expect(!(try await get(tester, path, jar: &visitor).text.contains("Laboratory for national inspections")))
                    let member = try await tester.performTest(request: .init(method: .GET, url: .init(string: path),
                                                                             headers: ["Authorization": "Bearer \(token)"], body: ByteBuffer()))
                    #expect(member.text.contains("Laboratory for national inspections"))
                }
            }
        }

        /// A results page of twenty records, each with a long summary and many codes, and its facets, stays under 30 KB:
        /// it has to arrive on a slow line.
        @Test func aFullResultsPageStaysUnderThirtyKilobytes() async throws {
            try await withTandem { app in
                let library = try await library(app)
                let areas = ThematicArea.annex2.map(\.key)
                let states = Array(app.statesDirectory.states.map(\.iso3).prefix(60))
                for number in 0..<30 {
                    try await library.publish(.opportunity, .en, [
                        "title": "Course number \(number) on the safety and security of chemical plants and their transport",
                        "opportunityKind": Vocabulary.opportunityKind.codes[number % 6],
                        "summary": String(repeating: "Officials learn how plants store, move and declare scheduled chemicals. ", count: 12),
                    ], lists: ["areas": Array(areas.prefix(1 + number % 8)), "states": Array(states.dropFirst(number).prefix(30)),
                               "groups": RegionalGroup.allCases.map(\.slug), "languages": ApplicationForm.workingLanguageCodes])
                }
                let tester = try app.testing()
                var visitor = CookieJar(header: "\(Request.csrfCookie)=visitor")
                for path in ["/clearing-house/search?q=chemical", "/clearing-house/opportunities", "/clearing-house/opportunities?q=safety&sort=title&lang=fr"] {
                    let page = try await get(tester, path, jar: &visitor)
                    #expect(page.status == .ok)
                    #expect(page.body.readableBytes < 30_000, "\(path): \(page.body.readableBytes) bytes")
                    #expect(page.text.components(separatedBy: "class=\"snippet\"").count - 1 == 20, "\(path)")
                    #expect(page.text.contains("rel=\"next\"") && page.text.contains("class=\"facets\""), "\(path)")
                }
            }
        }
    }
}
