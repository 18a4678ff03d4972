import Fluent
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct AuditLogPageTests {
        @Test func anAdministratorFiltersAndExportsTheLog() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let cookie = try await RouteRoleMatrixTests.signIn(.admin, app)
                try await tester.test(.GET, "/admin/audit?entity=partnership&limit=100", headers: ["Cookie": cookie]) { res in
                    #expect(res.status == .ok)
                    #expect(res.text.contains("Changes found: 19"))
                    #expect(res.text.contains("2016-GBR-MWI"))
                    #expect(res.text.contains("href=\"/admin/audit\""))
                }
                // A page past the last shows the last, with the count.
                try await tester.test(.GET, "/admin/audit?entity=partnership&limit=5&page=99", headers: ["Cookie": cookie]) { res in
                    #expect(res.text.contains("Changes found: 19") && res.text.contains("Page 4 of 4"))
                    #expect(occurrences(of: "<td data-label=\"Who\">", in: res.text) == 4)
                }
                try await tester.test(.GET, "/admin/audit?actor=reference&entity=", headers: ["Cookie": cookie]) { res in
                    #expect(res.text.contains("Changes found: 1"))
                }
                try await tester.test(.GET, "/admin/audit?from=2999-01-01", headers: ["Cookie": cookie]) { res in
                    #expect(res.text.contains("Changes found: 0"))
                }
                try await tester.test(.GET, "/admin/audit?from=yesterday", headers: ["Cookie": cookie]) { res in
                    #expect(res.status == .badRequest)
                    #expect(res.text.contains("from: must be a day written YYYY-MM-DD"))
                }
                try await tester.test(.GET, "/admin/audit?entity=partnership&format=csv", headers: ["Cookie": cookie]) { res in
                    let lines = res.text.split(separator: "\r\n")
                    #expect(lines.first == "at,actor,address,action,entity,key,before,after")
                    #expect(lines.count == 20)
                }
            }
        }

        @Test func aLongValueIsShownCutAtAWholeCharacterAndSaysSo() async throws {
            try await withTandem { app in
                let flags = String(repeating: "🇬🇭", count: 1_000)  // two code points each
                try await AuditEntryModel(actor: "test", action: "update", entity: "flags", entityKey: "GHA", before: "short", after: flags)
                    .create(on: app.db)
                let cookie = try await RouteRoleMatrixTests.signIn(.admin, app)
                try await app.testing().test(.GET, "/admin/audit?entity=flags", headers: ["Cookie": cookie]) { res in
                    #expect(res.text.contains(String(repeating: "🇬🇭", count: 300) + " … (shortened here"))
                    #expect(!res.text.contains(String(repeating: "🇬🇭", count: 301)))
                    #expect(res.text.contains("short") && occurrences(of: "(shortened here", in: res.text) == 1)
                }
                // One code point more in front: the 600th falls inside a flag, which is left out whole.
                try await AuditEntryModel(actor: "test", action: "update", entity: "offset", entityKey: "GHA", before: "", after: "x" + flags)
                    .create(on: app.db)
                try await app.testing().test(.GET, "/admin/audit?entity=offset", headers: ["Cookie": cookie]) { res in
                    #expect(res.text.contains(">x" + String(repeating: "🇬🇭", count: 299) + " … (shortened here"))
                }
            }
        }

        /// A change to a record reads as the fields that changed, each before and after, with the action and the kind of
        /// record named in the reader's language and the moment written as the page writes dates.
        @Test func aChangeReadsAsTheFieldsThatChanged() async throws {
            try await withTandem { app in
                try await AuditEntryModel(actor: "officer@example.org", action: "accepted", entity: "application", entityKey: "A1",
                                          before: #"{"status":"submitted","version":3,"note":"same"}"#,
                                          after: #"{"status":"accepted","version":4,"note":"same"}"#).create(on: app.db)
                let cookie = try await RouteRoleMatrixTests.signIn(.admin, app)
                try await app.testing().test(.GET, "/admin/audit?entity=application&lang=fr", headers: ["Cookie": cookie]) { res in
                    #expect(res.text.contains("<code>status</code>: <span class=\"before\">submitted</span> → <span class=\"after\">accepted</span>"))
                    #expect(res.text.contains("<code>version</code>: <span class=\"before\">3</span> → <span class=\"after\">4</span>"))
                    #expect(!res.text.contains("<code>note</code>"))
                    #expect(res.text.contains("<td data-label=\"Action\">Acceptation</td>"))
                    #expect(res.text.contains(">Candidature A1</td>"))
                    #expect(res.text.contains("<option value=\"application\" selected>Candidature</option>"))
                    // "3 décembre 2026, 10:05 UTC", not "2026-12-03 10:05:00 UTC".
                    #expect(res.text.contains("<th scope=\"row\">") && !res.text.contains("<th scope=\"row\">20"))
                }
            }
        }

        @Test func theNavigationOffersTheLogToAdministratorsOnly() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let admin = try await RouteRoleMatrixTests.signIn(.admin, app)
                let officer = try await RouteRoleMatrixTests.signIn(.secretariat, app)
                try await tester.test(.GET, "/states", headers: ["Cookie": admin]) { res in
                    #expect(res.text.contains("href=\"/admin/audit\""))
                }
                try await tester.test(.GET, "/states", headers: ["Cookie": officer]) { res in
                    #expect(!res.text.contains("href=\"/admin/audit\""))
                }
                try await tester.test(.GET, "/admin/audit", headers: ["Cookie": officer]) { res in
                    #expect(res.status == .forbidden)
                    #expect(res.text.contains("You do not have the rights to open this page."))
                }
            }
        }
    }
}
