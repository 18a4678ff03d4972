import Fluent
import Testing
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct ProgrammeCacheTests {
        /// Pages and partnerships are kept in memory; a change written through Fluent must show at once.
        @Test func aChangedPartnershipShowsOnTheNextRequest() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                try await tester.test(.GET, "/api/v1/partnerships/2016-GBR-MWI") { res in
                    #expect(res.json["status"] as? String == "completed")
                }
                // Twice, so the second answer comes from the page cache.
                for _ in 1...2 {
                    try await tester.test(.GET, "/programme/partnerships/2016-GBR-MWI") { res in
                        #expect(res.text.contains("<dd>Completed</dd>"))
                    }
                }
                let model = try #require(try await PartnershipModel.query(on: app.db).filter(\.$code == "2016-GBR-MWI").first())
                let id = try model.requireID()
                let before = try await DataVersion.partnershipRevisions(on: app.db)
                let fingerprint = try await app.programmeCache.fingerprint(on: app.db)
                // What only the workspace shows (a lead contact) moves the partnership's revision, not the public pages'.
                let participant = try #require(try await ParticipantModel.query(on: app.db).filter(\.$partnership.$id == id).first())
                participant.leadName = "Someone new"
                try await participant.save(on: app.db)
                let after = try await DataVersion.partnershipRevisions(on: app.db)
                #expect(after[id] == before[id]! + 1 && after.filter { $0.key != id } == before.filter { $0.key != id })
                #expect(try await app.programmeCache.fingerprint(on: app.db) == fingerprint)

                model.status = "closed"
                try await model.save(on: app.db)
                #expect(try await DataVersion.partnershipRevisions(on: app.db)[id] == before[id]! + 2)
                #expect(try await app.programmeCache.fingerprint(on: app.db) != fingerprint)
                try await tester.test(.GET, "/api/v1/partnerships/2016-GBR-MWI") { res in
                    #expect(res.json["status"] as? String == "closed")
                }
                try await tester.test(.GET, "/programme/partnerships/2016-GBR-MWI") { res in
                    #expect(res.text.contains("<dd>Closed</dd>"))
                }
            }
        }
    }
}
