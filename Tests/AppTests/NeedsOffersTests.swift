import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// Needs and offers meet on their pages: a need shows the offers that could serve it and why, an offer the needs it
    /// could serve; either side tells the other once; a need's state says whether it was met; the coverage counts it all.
    @Suite struct NeedsOffersTests {
        @Test func aNeedShowsItsSuggestionsWithTheirReasonsAndEachSideCanTellTheOtherOnce() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let pages = ClearingHousePagesTests()
                var ghana = try await pages.person("ghana@example.org", .focalPoint, state: "GHA", on: app)
                var peru = try await pages.person("peru@example.org", .focalPoint, state: "PER", on: app)
                var writer = try await pages.person("writer@example.org", .organisation, on: app)
                let library = try await ClearingSearchTests().library(app)
                let writerModel = try #require(try await UserModel.query(on: app.db).filter(\.$email == "writer@example.org").first())
                // The writer's course for Africa, published after review; one for GRULAC only; an expert of Peru's.
                let course = try await StartClearingRecord(kind: .opportunity, draft: .init(document: RecordDocument(
                    values: ["title": "Port customs course", "opportunityKind": "course", "deadline": "2027-06-30"],
                    lists: ["areas": ["transfers_control"], "groups": ["africa"], "languages": ["en"]]).stored, visibility: .public, language: .en),
                    state: nil).run(by: writerModel, app: app, on: app.db)
                _ = try await MoveClearingRecord(recordID: course.requireID(), step: .submit).run(by: writerModel, app: app, on: app.db)
                _ = try await MoveClearingRecord(recordID: course.requireID(), step: .publish).run(by: library.officer, app: app, on: app.db)
                try await library.publish(.opportunity, .en, ["title": "Andean customs course", "opportunityKind": "course"],
                                          lists: ["areas": ["transfers_control"], "groups": ["grulac"]])
                try await library.publish(.expert, .es, ["title": "Ana Quispe", "availability": "available"],
                                          lists: ["areas": ["transfers_control"], "languages": ["es", "en"]], state: "PER")
                let need: [(String, String)] = [("language", "en"), ("title", "Training for port customs officers"), ("areas", "transfers_control"),
                                                ("priority", "high"), ("description", "Customs officers at the ports."), ("assistance", "training"),
                                                ("languages", "en"), ("needStatus", "open"), ("visibility", "public"), ("action", "publish")]
                let made = try await post(tester, "/clearing-house/needs", pairs: need, jar: &ghana)
                let path = try #require(made.headers.first(name: .location))
                let needID = String(path.split(separator: "/").last!)

                let page = try await get(tester, path, jar: &ghana)
                #expect(page.text.contains("Port customs course") && page.text.contains("Ana Quispe") && !page.text.contains("Andean customs course"))
                #expect(page.text.contains("same regional group") && page.text.contains("the kind of help sought"))
                // The course is first: same area, group, language and help sought.
                #expect(page.text.range(of: "Port customs course")!.lowerBound < page.text.range(of: "Ana Quispe")!.lowerBound)
                let courseID = try course.requireID().uuidString
                let offerPage = try await get(tester, "/clearing-house/records/" + courseID, jar: &writer)
                #expect(offerPage.text.contains("Needs this could serve") && offerPage.text.contains("Training for port customs officers"))

                // Ghana tells the course's writer, once; Peru may not speak for Ghana's need; an unsuggested pair is refused.
                #expect(try await post(tester, "\(path)/tell/\(courseID)", [:], jar: &peru).status == .forbidden)
                #expect(try await post(tester, "\(path)/tell/\(courseID)", [:], jar: &ghana).status == .seeOther)
                #expect(try await post(tester, "\(path)/tell/\(courseID)", [:], jar: &ghana).status == .seeOther)
                let told = try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "match_suggested").all()
                #expect(told.map(\.recipient) == ["writer@example.org"] && told[0].textBody.contains("Training for port customs officers"))
                let andean = try #require(try await ClearingRecordModel.query(on: app.db).all().first { $0.document.contains("Andean") })
                #expect(try await post(tester, "\(path)/tell/\(try andean.requireID().uuidString)", [:], jar: &ghana).status == .conflict)
                // The writer tells Ghana from the course's side: Ghana's focal points hear of it.
                #expect(try await post(tester, "/clearing-house/records/\(courseID)/tell/\(needID)", [:], jar: &writer).status == .seeOther)
                #expect(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "match_suggested").filter(\.$recipient == "ghana@example.org").count() == 1)

                // Coverage before the answer. Africa's customs need has three offers: the course, the project for West Africa, and
                // the expert, who serves any group. The library's laboratory need (inspections, Ghana) has none: a gap.
                let csv = try await get(tester, "/clearing-house/coverage.csv", jar: &peru)
                #expect(csv.text.contains("transfers_control,africa,1,3,no,1,0,0") && csv.text.contains("transfers_control,grulac,0,3,no,1,0,0")
                        && csv.text.contains("inspections,africa,1,0,yes,1,0,0"), "\(csv.text)")
                #expect(try await get(tester, "/clearing-house/coverage", jar: &peru).text.contains("<svg"))

                // Was it met? Ghana answers; the need closes and leaves the suggestions and the open needs.
                let version = try #require(page.text.firstMatch(of: /id="need-outcome">\s*<input type="hidden" name="_csrf" value="[^"]*"><input type="hidden" name="version" value="(\d+)"/)).1
                #expect(try await post(tester, "\(path)/outcome", ["needStatus": "met", "version": String(version)], jar: &peru).status == .forbidden)
                #expect(try await post(tester, "\(path)/outcome", ["needStatus": "met", "version": String(version)], jar: &ghana).status == .seeOther)
                let stored = try #require(try await ClearingRecordModel.find(UUID(uuidString: needID), on: app.db))
                #expect(try stored.recordDocument()["needStatus"] == "met" && (try stored.recordDocument()["statusOn"]) == CivilDate(utc: app.clock.now()).description)
                #expect(try await get(tester, "/clearing-house/coverage.csv", jar: &peru).text.contains("transfers_control,africa,0,3,no,0,0,1"))
                #expect(!(try await get(tester, path, jar: &ghana).text.contains("Offers that could serve this need")))
            }
        }
    }
}
