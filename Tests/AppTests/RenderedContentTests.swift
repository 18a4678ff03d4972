import Foundation
import NIOConcurrencyHelpers
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// List pages are put together from parts kept by what they show (`RenderedContent`): nobody sees another
    /// person's layout, nor a list as it was before a change.
    @Suite struct RenderedContentTests {
        @Test func aPartIsRenderedOnceByItsKeyUnlessTooLargeAndTheCacheStaysWithinItsCapacity() async throws {
            let kept = RenderedContent(capacity: 3, largestKept: 10)
            let renders = NIOLockedValueBox(0)
            func html(_ key: Int, _ text: String, in language: Language = .en) async throws -> String {
                try await kept.html("list", language, key) { renders.withLockedValue { $0 += 1 }; return text }
            }
            #expect(try await html(1, "short") == "short")
            #expect(try await html(1, "other") == "short")
            #expect(try await html(1, "court", in: .fr) == "court")
            #expect(renders.withLockedValue { $0 } == 2)
            _ = try await html(2, "longer than ten")
            _ = try await html(2, "longer than ten")
            #expect(renders.withLockedValue { $0 } == 4)
            _ = try await html(3, "three")  // the third part kept: the cache is full
            _ = try await html(4, "four")  // so the next empties it first
            #expect(try await html(1, "again") == "again")
        }

        @Test func eachPersonSeesTheirOwnLayoutAndTheListAsItIsNow() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                var admin = CookieJar(header: try await RouteRoleMatrixTests.signIn(.admin, app))
                let before = try await ApplicationModel.query(on: app.db).count()
                let first = try await get(tester, "/applications", jar: &officer)
                #expect(first.text.contains(">secretariat</a>") && first.text.contains("Applications found: \(before)"))
                let asAdmin = try await get(tester, "/applications", jar: &admin)
                #expect(asAdmin.text.contains(">admin</a>") && !asAdmin.text.contains(">secretariat</a>"))
                #expect(asAdmin.text.contains("href=\"/admin/audit\"") && !first.text.contains("href=\"/admin/audit\""))

                _ = try await ApplicationReviewTests().submitted(app)
                let after = try await get(tester, "/applications", jar: &officer)
                #expect(after.text.contains("Applications found: \(before + 1)"))
                let french = try await get(tester, "/applications?lang=fr", jar: &officer)
                #expect(french.text.contains("<html lang=\"fr\">") && !french.text.contains("Applications found"))
            }
        }
    }
}
