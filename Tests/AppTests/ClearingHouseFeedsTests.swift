import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// What programs read of the clearing-house: the exports of a search, the API, the Atom feed of opportunities, and
    /// the library as Dublin Core through OAI-PMH.
    @Suite struct ClearingHouseFeedsTests {
        /// `count` public records published straight into the tables (with their search rows), for lists longer than a batch.
        func publishMany(_ count: Int, kind: RecordKind, _ values: @escaping @Sendable (Int) -> [String: String], lists: [String: [String]] = [:],
                         on app: Application) async throws {
            let today = CivilDate(utc: app.clock.now())
            try await app.db.writeTransaction { db in
                for number in 0..<count {
                    let record = ClearingRecordModel(kind: kind, ownerEmail: "writer@example.org", visibility: .public, language: .en,
                                                     document: RecordDocument(values: values(number), lists: lists).stored)
                    record.setPublication(Publication(status: .published, publishedOn: today, confirmedOn: today))
                    try await record.create(on: db)
                    try await ClearingSearchRow.write(record, app: app, on: db)
                }
            }
        }

        @Test func anExportWritesEveryRecordFoundBeyondOneBatchAndKeepsSpreadsheetFormulasAsText() async throws {
            try await withTandem { app in
                try await publishMany(RecordExport.batch + 3, kind: .opportunity, { ["title": "Course \($0)", "opportunityKind": "course"] },
                                      lists: ["areas": ["inspections"]], on: app)
                try await publishMany(1, kind: .opportunity, { _ in ["title": "=HYPERLINK(\"http://evil\")", "opportunityKind": "grant"] }, on: app)
                let tester = try app.testing()
                var visitor = CookieJar(header: "\(Request.csrfCookie)=visitor")
                let csv = try await get(tester, "/clearing-house/export.csv?kind=opportunities&f.opportunityKind=course", jar: &visitor)
                #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
                let lines = csv.text.split(separator: "\r\n")
                #expect(lines.count == 1 + RecordExport.batch + 3 && lines[0].hasPrefix("id,kind,address"))
                #expect(Set(lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[7] }).count == RecordExport.batch + 3)
                let formula = try await get(tester, "/clearing-house/export.csv?q=hyperlink", jar: &visitor)
                #expect(formula.text.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""))
                let json = try await get(tester, "/clearing-house/export.json?kind=opportunities", jar: &visitor)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
                #expect((object["records"] as? [[String: Any]])?.count == RecordExport.batch + 4)
            }
        }

        @Test func theAPISearchesWithThePagesParametersAndGivesOnlyPublishedRecords() async throws {
            try await withTandem { app in
                try await publishMany(3, kind: .project, { ["title": "Project \($0)", "projectStatus": $0 == 0 ? "completed" : "ongoing"] }, on: app)
                let draft = ClearingRecordModel(kind: .project, ownerEmail: "writer@example.org", visibility: .public, language: .en,
                                                document: RecordDocument(values: ["title": "Draft project"]).stored)
                try await draft.create(on: app.db)
                let tester = try app.testing()
                let found = try await tester.performTest(request: .init(method: .GET, url: "/api/v1/clearing-house/records?kind=projects&x.projectStatus=completed",
                                                                        headers: [:], body: ByteBuffer()))
                #expect(found.status == .ok)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(found.text.utf8)) as? [String: Any])
                #expect(object["total"] as? Int == 2)
                let statuses = ((object["facets"] as? [String: Any])?["projectStatus"] as? [[String: Any]])?.map { "\($0["code"]!):\($0["count"]!)" }
                #expect(statuses == ["ongoing:2"])
                let missing = try await tester.performTest(request: .init(method: .GET, url: .init(path: "/api/v1/clearing-house/records/\(try draft.requireID())"),
                                                                          headers: [:], body: ByteBuffer()))
                #expect(missing.status == .notFound && missing.text.contains("\"code\":\"not_found\""))
                for wrong in ["sort=AAA", "page=0", "page=two"] {
                    let refused = try await tester.performTest(request: .init(method: .GET, url: .init(string: "/api/v1/clearing-house/records?\(wrong)"),
                                                                              headers: [:], body: ByteBuffer()))
                    #expect(refused.status == .badRequest && refused.text.contains("\"code\":\"invalid_parameter\""), "\(wrong)")
                }
            }
        }

        @Test func theAtomFeedListsPublicOpportunitiesInTheReadersLanguageAsValidXML() async throws {
            try await withTandem { app in
                try await publishMany(1, kind: .opportunity, { _ in ["title": "Course\u{1} on <safety> & security", "summary": "Two weeks.", "deadline": "2027-03-31",
                                                                    "provider": "Institute"] }, lists: ["areas": ["chemical_safety_security"]], on: app)
                let tester = try app.testing()
                var visitor = CookieJar(header: "\(Request.csrfCookie)=visitor")
                let feed = try await get(tester, "/clearing-house/opportunities.atom?lang=fr", jar: &visitor)
                #expect(feed.headers.first(name: .contentType)?.hasPrefix("application/atom+xml") == true)
                #expect(feed.text.contains("<title xml:lang=\"en\">Course on &lt;safety&gt; &amp; security</title>"))
                #expect(feed.text.contains("Date limite : 31 mars 2027") && !feed.text.contains("\u{1}"))
                #expect(feed.text.contains("<category term=\"chemical_safety_security\""))
            }
        }

        @Test func theLibraryIsHarvestedThroughOAIPMHInPagesWithAResumptionToken() async throws {
            try await withTandem { app in
                try await publishMany(OAIRequest.pageSize + 5, kind: .resource, { ["title": "Guide \($0)", "creator": "Secretariat", "dcType": "Text",
                                                                                    "identifier": "https://example.org/\($0)"] },
                                      lists: ["areas": ["implementing_legislation"], "languages": ["en"]], on: app)
                let tester = try app.testing()
                var harvester = CookieJar(header: "\(Request.csrfCookie)=harvester")
                // A harvester may ask by POST, as OAI-PMH allows, without a form token.
                let posted = try await tester.performTest(request: .init(method: .POST, url: .init(path: "/clearing-house/oai"),
                                                                         headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                                         body: ByteBuffer(string: "verb=Identify")))
                #expect(posted.status == .ok && posted.text.contains("<Identify>"))
                let first = try await get(tester, "/clearing-house/oai?verb=ListRecords&metadataPrefix=oai_dc", jar: &harvester)
                #expect(first.text.components(separatedBy: "<record>").count - 1 == OAIRequest.pageSize)
                #expect(first.text.contains("<dc:subject>National Chemical Weapons Convention implementing legislation</dc:subject>"))
                let token = try #require(first.text.firstMatch(of: /completeListSize="(\d+)" cursor="0">([^<]+)</))
                #expect(Int(token.1) == OAIRequest.pageSize + 5)
                let rest = try await get(tester, "/clearing-house/oai?verb=ListRecords&resumptionToken=" + String(token.2), jar: &harvester)
                #expect(rest.text.components(separatedBy: "<record>").count - 1 == 5 && rest.text.contains("cursor=\"\(OAIRequest.pageSize)\"></resumptionToken>"))
                let identifier = try #require(first.text.firstMatch(of: /<identifier>(oai:tandem:[^<]+)</)).1
                let one = try await get(tester, "/clearing-house/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=" + String(identifier), jar: &harvester)
                #expect(one.text.contains("<GetRecord>") && one.text.contains("<dc:type>Text</dc:type>"))
                let later = try await get(tester, "/clearing-house/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01", jar: &harvester)
                #expect(later.text.contains("<error code=\"noRecordsMatch\">"))
                let xml = try await get(tester, "/clearing-house/library.xml", jar: &harvester)
                #expect(xml.text.components(separatedBy: "<oai_dc:dc ").count - 1 == OAIRequest.pageSize + 5)
            }
        }
    }
}
