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
                let before = try await DataVersion.current(.programme, on: app.db)
                let model = try #require(try await PartnershipModel.query(on: app.db).filter(\.$code == "2016-GBR-MWI").first())
                model.status = "closed"
                try await model.save(on: app.db)
                #expect(try await DataVersion.current(.programme, on: app.db) == before + 1)
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
