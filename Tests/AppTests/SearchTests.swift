import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// One box for the whole site: names in any language without their accents, codes, partnerships, calls, help, and
    /// applications only for those who may read them.
    @Suite struct SearchTests {
        @Test func aNameWithoutItsAccentsFindsTheStateAndItsPartnerships() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var visitor = CookieJar(header: try await RouteRoleMatrixTests.signIn(.visitor, app))
                let page = try await get(tester, "/search?q=cote%20d%27ivoire&lang=en", jar: &visitor)
                #expect(page.status == .ok)
                #expect(page.text.contains("<a href=\"/states/CIV\">"))
                #expect(page.text.contains("<a href=\"/programme/partnerships/2019-FRA-CIV\">"))
                #expect(!page.text.contains("id=\"applications\""))
                // A code, a call in Spanish, a help question in French.
                #expect(try await get(tester, "/search?q=2016-gbr-mwi", jar: &visitor).text.contains("/programme/partnerships/2016-GBR-MWI"))
                #expect(try await get(tester, "/search?q=autoridades%20nacionales&lang=es", jar: &visitor).text.contains("<a href=\"/programme/calls/2025-2027\">"))
                #expect(try await get(tester, "/search?q=mot%20de%20passe&lang=fr", jar: &visitor).text.contains("<a href=\"/help#q-password\">"))
                let nothing = try await get(tester, "/search?q=zzzqqq&lang=en", jar: &visitor)
                #expect(nothing.status == .ok && nothing.text.contains("Nothing was found for “zzzqqq”"))
                #expect(try await get(tester, "/search?q=" + String(repeating: "a", count: 101), jar: &visitor).status == .badRequest)
            }
        }

        @Test func clearingHouseRecordsAreFoundAsTheirVisibilityAllows() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                _ = try await ClearingSearchTests().library(app)
                var visitor = CookieJar(header: "\(Request.csrfCookie)=visitor")
                var member = try await ClearingHousePagesTests().person("member@example.org", .member, on: app)
                let open = try await get(tester, "/search?q=securite", jar: &visitor)
                #expect(open.text.contains("Clearing-house (1)") && open.text.contains("Chemical security course"))
                // The laboratory need is for network members: the public does not find it.
                #expect(!(try await get(tester, "/search?q=laboratory", jar: &visitor).text.contains("Laboratory for national inspections")))
                #expect(try await get(tester, "/search?q=laboratory", jar: &member).text.contains("Laboratory for national inspections"))
            }
        }

        @Test func applicationsAreFoundOnlyByThoseWhoMayReadThem() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var ghana = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let edit = try #require(try await post(tester, "/programme/calls/2025-2027/apply", [:], jar: &ghana).headers.first(name: .location))
                let id = String(edit.split(separator: "/")[1])
                let own = try await get(tester, "/search?q=ghana&lang=en", jar: &ghana)
                #expect(own.text.contains("id=\"applications\"") && own.text.contains("<a href=\"/applications/\(id)\">Ghana</a>"))
                var member = CookieJar(header: try await RouteRoleMatrixTests.signIn(.member, app))
                let other = try await get(tester, "/search?q=ghana&lang=en", jar: &member)
                #expect(other.text.contains("<a href=\"/states/GHA\">") && !other.text.contains("/applications/\(id)"))
            }
        }
    }
}
