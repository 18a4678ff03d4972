import Testing
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct StatesPagesTests {
        @Test func theDirectoryListsAll193StatesParties() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/states") { res in
                    #expect(res.status == .ok)
                    #expect(res.headers.contentType?.subType == "html")
                    #expect(occurrences(of: "<tr><th scope=\"row\"><a href=\"/states/", in: res.text) == 193)
                    #expect(res.text.contains("193 States Parties"))
                }
            }
        }

        @Test func filtersByRegionalGroupAndSearchesAnyNameOrAlias() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                try await tester.test(.GET, "/states?group=weog") { res in
                    #expect(occurrences(of: "<tr><th scope=\"row\">", in: res.text) == 29)
                }
                try await tester.test(.GET, "/states?q=Royaume-Uni") { res in
                    #expect(occurrences(of: "<tr><th scope=\"row\">", in: res.text) == 1)
                    #expect(res.text.contains("href=\"/states/GBR\""))
                }
                try await tester.test(.GET, "/states?q=cote%20d%E2%80%99ivoire&group=africa") { res in
                    #expect(res.text.contains("href=\"/states/CIV\""))
                }
                try await tester.test(.GET, "/states?q=Turqu%C3%ADa&group=") { res in
                    #expect(res.text.contains("href=\"/states/TUR\""))
                    #expect(res.text.contains("<a href=\"/api/v1/states?q=Turqu%C3%ADa&amp;limit=200\">JSON</a>"))
                    #expect(res.text.contains("value=\"Turquía\""))
                }
                try await tester.test(.GET, "/states?q=zzzz") { res in
                    #expect(res.text.contains("No State Party matches"))
                }
                try await tester.test(.GET, "/states?group=oceania") { res in
                    #expect(res.status == .badRequest)
                    #expect(res.text.contains("group"))
                }
            }
        }

        @Test func exportsWhatIsFilteredAsCSV() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/states?group=eastern-europe&format=csv") { res in
                    #expect(res.headers.contentType?.subType == "csv")
                    let lines = res.text.split(separator: "\r\n")
                    #expect(lines.count == 24)
                    #expect(lines.first == "iso2,iso3,m49,name_en,name_fr,name_es,opcw_regional_group,un_m49_region,un_m49_subregion,languages,aliases")
                }
            }
        }

        @Test func showsPagesInTheChosenLanguageAndRemembersIt() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var cookie = ""
                try await tester.test(.GET, "/states?lang=fr") { res in
                    #expect(res.text.contains("<html lang=\"fr\">"))
                    #expect(res.text.contains("Royaume-Uni de Grande-Bretagne et d&#39;Irlande du Nord"))
                    #expect(res.text.contains("Groupe régional"))
                    let set = res.headers.setCookie?[Request.languageCookie]
                    #expect(set?.string == "fr")
                    #expect(set?.isHTTPOnly == true)
                    #expect(set?.sameSite == .lax)
                    cookie = "lang=fr"
                }
                try await tester.test(.GET, "/states/GBR", headers: ["Cookie": cookie]) { res in
                    #expect(res.text.contains("<html lang=\"fr\">"))
                    #expect(res.text.contains("Langues officielles"))
                }
                try await tester.test(.GET, "/states", headers: ["Accept-Language": "es-ES,es;q=0.9,en;q=0.5"]) { res in
                    #expect(res.text.contains("<html lang=\"es\">"))
                    #expect(res.text.contains("Reino Unido de Gran Bretaña"))
                    #expect(res.headers.first(name: .contentLanguage) == "es")
                }
                try await tester.test(.GET, "/states?lang=es", headers: ["Cookie": "lang=fr", "Accept-Language": "en"]) { res in
                    #expect(res.text.contains("<html lang=\"es\">"))
                }
            }
        }

        @Test func theProfileShowsTheStatesPartnershipsAndVisits() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/states/GBR") { res in
                    #expect(res.status == .ok)
                    #expect(res.text.contains("United Kingdom of Great Britain and Northern Ireland"))
                    for code in ["2016-GBR-MWI", "2017-GBR-NGA", "2019-GBR-GMB"] {
                        #expect(res.text.contains("/programme/partnerships/\(code)"))
                    }
                    #expect(res.text.contains("Took part in 3 partnership(s), with 6 visit(s)."))
                    #expect(res.text.contains("href=\"/states/MWI\""))
                    #expect(res.text.contains("Planned"))
                }
                try await app.testing().test(.GET, "/states/ALB") { res in
                    #expect(res.text.contains("Has not yet taken part"))
                }
            }
        }

        @Test func anUnknownCodeIsAProper404PageAndALowerCaseCodeRedirects() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/states/XYZ?lang=fr") { res in
                    #expect(res.status == .notFound)
                    #expect(res.headers.contentType?.subType == "html")
                    #expect(res.text.contains("Page introuvable"))
                }
                try await app.testing().test(.GET, "/states/gbr") { res in
                    #expect(res.status == .movedPermanently)
                    #expect(res.headers.first(name: .location) == "/states/GBR")
                }
            }
        }
    }
}
