import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// A record's relations to other records, partnerships and applications, and a library item's document: added
    /// from the record's page by those who may change it, shown to each reader only where they may follow them.
    @Suite struct RecordRelationsTests {
        /// The record's version as its page carries it in the relation form.
        func version(_ page: TestingHTTPResponse) throws -> String {
            String(try #require(page.text.firstMatch(of: /id="relation-form"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]*"><input type="hidden" name="version" value="(\d+)"/)).1)
        }

        @Test func aWriterRelatesTheirRecordToRecordsAPartnershipAndTheirApplicationAndReadersSeeWhatTheyMayOpen() async throws {
            try await withTandem { app in
                ApplicationsAPITests().during(app)
                let tester = try app.testing()
                let pages = ClearingHousePagesTests()
                var ghana = try await pages.person("ghana@example.org", .focalPoint, state: "GHA", on: app)
                var writer = try await pages.person("writer@example.org", .organisation, on: app)
                var visitor = CookieJar(header: "\(Request.csrfCookie)=visitor")
                let library = try await ClearingSearchTests().library(app)
                let project = try await library.publish(.project, .en, ["title": "Laboratory twinning", "projectStatus": "ongoing", "summary": "Two laboratories."],
                                                        lists: ["areas": ["inspections"]])
                let members = try #require(try await ClearingRecordModel.query(on: app.db).all().first { $0.document.contains("Laboratory for national inspections") })
                // Ghana's application to the open call, which only Ghana and the Secretariat may open.
                let started = try await post(tester, "/programme/calls/2025-2027/apply", [:], jar: &ghana)
                let application = try #require(started.headers.first(name: .location)?.split(separator: "/").dropLast().last.map(String.init))

                let made = try await post(tester, "/clearing-house/needs", pairs: [("language", "en"), ("title", "Laboratory equipment"), ("areas", "inspections"),
                                                                                   ("priority", "high"), ("description", "Gas chromatographs."),
                                                                                   ("assistance", "equipment"), ("needStatus", "open"),
                                                                                   ("visibility", "public"), ("action", "save")], jar: &ghana)
                let path = try #require(made.headers.first(name: .location))
                let id = String(path.split(separator: "/").last!)
                var page = try await get(tester, path, jar: &ghana)
                #expect(page.text.contains("id=\"relation-form\"") && page.text.contains("No relation yet."))

                // Refused, each with its reason by the field, what was typed kept.
                for (address, message) in [("somewhere else", "is not the address of a clearing-house record"),
                                           (path, "cannot be related to itself"),
                                           ("/programme/partnerships/2099-XXX-YYY", "Nothing you may see is at this address")] {
                    let refused = try await post(tester, path + "/relations", ["address": address, "version": try version(page)], jar: &ghana)
                    #expect(refused.status == .unprocessableEntity && refused.text.contains(message), "\(address)")
                    #expect(refused.text.contains("value=\"\(address)\"") && refused.text.contains("id=\"address-error\""))
                }
                // The writer may not change Ghana's need; a stale page changes nothing.
                #expect(try await post(tester, path + "/relations", ["address": "/partnerships/2016-GBR-MWI", "version": try version(page)], jar: &writer).status == .notFound)
                #expect(try await post(tester, path + "/relations", ["address": "/partnerships/2016-GBR-MWI", "version": "99"], jar: &ghana).status == .conflict)

                for address in ["http://localhost/clearing-house/records/\(try project.requireID().uuidString.lowercased())", "/programme/partnerships/2016-gbr-mwi",
                                "/applications/\(application)", "/clearing-house/records/\(try members.requireID())"] {
                    page = try await get(tester, path, jar: &ghana)
                    #expect(try await post(tester, path + "/relations", ["address": address, "version": try version(page)], jar: &ghana).status == .seeOther, "\(address)")
                }
                page = try await get(tester, path, jar: &ghana)
                #expect(try await post(tester, path + "/relations", ["address": "/partnerships/2016-GBR-MWI", "version": try version(page)], jar: &ghana)
                    .text.contains("already related"))
                #expect(try await ClearingRelationModel.query(on: app.db).count() == 4)
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "relate").count() == 4)
                #expect(page.text.contains("Laboratory twinning") && page.text.contains("2016-GBR-MWI: United Kingdom") && page.text.contains("Ghana, call 2025-2027"))

                // Published, the need shows the public what the public may open: not Ghana's application, not a members' record.
                page = try await get(tester, path, jar: &ghana)
                #expect(try await post(tester, path + "/publish", ["version": try version(page)], jar: &ghana).status == .seeOther)
                let seen = try await get(tester, path, jar: &visitor)
                #expect(seen.text.contains("Laboratory twinning") && seen.text.contains("2016-GBR-MWI"))
                #expect(!seen.text.contains("Ghana, call 2025-2027") && !seen.text.contains("Laboratory for national inspections") && !seen.text.contains("relation-form"))
                // The other side lists it: the project's page and the partnership's public page, for everyone.
                #expect(try await get(tester, "/clearing-house/records/\(try project.requireID())", jar: &visitor).text.contains("Laboratory equipment"))
                let partnership = try await get(tester, "/programme/partnerships/2016-GBR-MWI", jar: &visitor)
                #expect(partnership.text.contains("In the clearing-house") && partnership.text.contains("Laboratory equipment"))
                // The API gives the record and partnership relations, never the application.
                let api = try await get(tester, "/api/v1/clearing-house/records/\(id)", jar: &visitor)
                let hidden = try members.requireID().uuidString, shown = try project.requireID().uuidString
                #expect(api.text.contains("2016-GBR-MWI") && !api.text.contains(application) && !api.text.contains(hidden) && api.text.contains(shown))

                // Taken away again, from a page of the current version.
                page = try await get(tester, path, jar: &ghana)
                #expect(try await post(tester, path + "/relations/remove", ["target": "partnership", "key": "2016-GBR-MWI", "version": try version(page)],
                                       jar: &ghana).status == .seeOther)
                #expect(!(try await get(tester, "/programme/partnerships/2016-GBR-MWI", jar: &visitor).text.contains("Laboratory equipment")))
                // Taken away again from an older tab: nothing more is written.
                page = try await get(tester, path, jar: &ghana)
                #expect(try await post(tester, path + "/relations/remove", ["target": "partnership", "key": "2016-GBR-MWI", "version": try version(page)],
                                       jar: &ghana).status == .seeOther)
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "unrelate").count() == 1)
            }
        }

        @Test func theSameRelationAddedAtOnceFromTwoSessionsIsKeptOnce() async throws {
            try await withTandem(ConcurrentChangesTests.onDisk) { app in
                let tester = try app.testing()
                let pages = ClearingHousePagesTests()
                var ghana = try await pages.person("ghana@example.org", .focalPoint, state: "GHA", on: app)
                let colleague = try await pages.person("ghana2@example.org", .focalPoint, state: "GHA", on: app)
                let made = try await post(tester, "/clearing-house/needs", pairs: [("language", "en"), ("title", "Laboratory"), ("areas", "inspections"),
                                                                                   ("visibility", "public"), ("action", "save")], jar: &ghana)
                let path = try #require(made.headers.first(name: .location))
                let jars = [ghana, colleague]
                try await LiveServer.run(app) { server in
                    let codes = try await server.together(2) { index in
                        try await server.post(path + "/relations", ["address": "/programme/partnerships/2016-GBR-MWI", "version": "0"], jar: jars[index])
                    }
                    // One adds it; the other finds the record changed since its page and is shown it as it now stands.
                    #expect(codes.sorted() == [303, 409], "\(codes)")
                }
                #expect(try await ClearingRelationModel.query(on: app.db).count() == 1)
            }
        }

        @Test func aLibraryItemIsSentWithItsDocumentAttachedInPlaceOfALink() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let pages = ClearingHousePagesTests()
                var writer = try await pages.person("writer@example.org", .organisation, on: app)
                var other = try await pages.person("other@example.org", .organisation, on: app)
                var visitor = CookieJar(header: "\(Request.csrfCookie)=visitor")
                let made = try await post(tester, "/clearing-house/library", pairs: [("language", "en"), ("title", "Guide to national inspections"),
                                                                                     ("creator", "Secretariat"), ("dcType", "Text"), ("visibility", "public"),
                                                                                     ("action", "save")], jar: &writer)
                let path = try #require(made.headers.first(name: .location))
                // Without a link or a file it is not sent, and the form says either will do.
                let refused = try await post(tester, path + "/submit", ["version": "0"], jar: &writer)
                #expect(refused.status == .unprocessableEntity && refused.text.contains("or attach its file"))

                let page = try await get(tester, path, jar: &writer)
                #expect(page.text.contains("enctype=\"multipart/form-data\""))
                let pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF"
                #expect(try await upload(tester, path + "/file", file: "not a document", version: "0", jar: &writer).text.contains("is not a PDF, PNG or JPEG"))
                #expect(try await upload(tester, path + "/file", file: pdf, version: "0", jar: &other).status == .notFound)
                #expect(try await upload(tester, path + "/file", file: pdf, version: "0", jar: &writer).status == .seeOther)
                #expect(try await upload(tester, path + "/file", file: pdf, version: "0", jar: &writer).status == .conflict)
                let record = try #require(try await ClearingRecordModel.find(UUID(uuidString: String(path.split(separator: "/").last!)), on: app.db))
                let stored = try #require(record.filePath)
                #expect(record.fileType == "application/pdf" && record.fileBytes == pdf.utf8.count)
                #expect(FileManager.default.fileExists(atPath: app.uploads.url(stored).path))

                // A draft's document is its writer's; sent and published, it is everyone's, and the Dublin Core names it.
                #expect(try await get(tester, path + "/file", jar: &visitor).status == .notFound)
                #expect(try await get(tester, path + "/file", jar: &writer).text == pdf)
                #expect(try await post(tester, path + "/submit", ["version": "1"], jar: &writer).status == .seeOther)
                var officer = try await pages.person("officer@example.org", .secretariat, on: app)
                let officerModel = try #require(try await UserModel.query(on: app.db).filter(\.$email == "officer@example.org").first())
                _ = try await MoveClearingRecord(recordID: record.requireID(), step: .publish).run(by: officerModel, app: app, on: app.db)
                let file = try await get(tester, path + "/file", jar: &visitor)
                #expect(file.status == .ok && file.headers.first(name: .contentType) == "application/pdf")
                // Published with its file only, it keeps its file until it has a link.
                let current = try #require(try await ClearingRecordModel.find(record.requireID(), on: app.db))
                let kept = try await post(tester, path + "/file/remove", ["version": String(current.version)], jar: &writer)
                #expect(kept.status == .forbidden)
                #expect(try await post(tester, path + "/file/remove", ["version": String(current.version)], jar: &officer).text.contains("give its web address"))
                // Nobody signed out makes the server read a file.
                var stranger = CookieJar(header: "\(Request.csrfCookie)=stranger")
                #expect(try await upload(tester, path + "/file", file: pdf, version: "0", jar: &stranger).status == .forbidden)
                let xml = try await get(tester, "/clearing-house/library.xml", jar: &visitor)
                #expect(xml.text.contains("<dc:identifier>\(app.config.baseURL)\(path)/file</dc:identifier>") && xml.text.contains("<dc:format>application/pdf</dc:format>"))
            }
        }

        func upload(_ tester: any TestingApplicationTester, _ path: String, file: String, version: String, jar: inout CookieJar) async throws -> TestingHTTPResponse {
            try await ApplicationEditingTests().multipart(tester, path, file: file, fields: ["version": version], jar: &jar)
        }
    }
}
