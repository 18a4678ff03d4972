import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// The help page: the programme's steps, the questions people ask, the call open now and where to write.
    @Suite struct HelpTests {
        @Test func theHelpPageLinksTheOpenCallAndTheConfiguredContact() async throws {
            try await withTandem({ $0.contactEmail = "programme@example.org" }) { app in
                try await app.testing().test(.GET, "/help?lang=fr") { res in
                    #expect(res.status == .ok)
                    #expect(res.text.contains("<a href=\"/programme/calls/2025-2027\">"))
                    #expect(res.text.contains("<a href=\"mailto:programme@example.org\">programme@example.org</a>"))
                    #expect(res.text.contains("Qui peut présenter une candidature ?"))
                    #expect(res.text.contains("id=\"q-privacy\""))
                }
                // Every page's footer leads here.
                try await app.testing().test(.GET, "/states") { res in
                    #expect(res.text.contains("<a href=\"/help\">"))
                }
            }
        }
    }
}
