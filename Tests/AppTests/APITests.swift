import Foundation
import Testing
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct APITests {
        @Test func listsStatesPartiesPageByPage() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                try await tester.test(.GET, "/api/v1/states") { res in
                    let body = res.json
                    #expect(body["total"] as? Int == 193)
                    #expect((body["items"] as? [Any])?.count == 50)
                    #expect(body["limit"] as? Int == 50)
                }
                try await tester.test(.GET, "/api/v1/states?limit=50&page=4") { res in
                    #expect((res.json["items"] as? [Any])?.count == 43)
                }
                try await tester.test(.GET, "/api/v1/states?group=grulac&limit=200") { res in
                    let body = res.json
                    #expect(body["total"] as? Int == 33)
                    let groups = Set(((body["items"] as? [[String: Any]]) ?? []).compactMap { $0["regional_group"] as? String })
                    #expect(groups == ["GRULAC"])
                }
                try await tester.test(.GET, "/api/v1/states?q=ivory%20coast") { res in
                    let items = res.json["items"] as? [[String: Any]]
                    #expect(items?.map { $0["iso3"] as? String } == ["CIV"])
                    let names = items?.first?["names"] as? [String: String]
                    #expect(names?["fr"] == "Côte d’Ivoire")
                }
            }
        }

        @Test(arguments: ["limit=0", "limit=201", "limit=abc", "limit=", "page=0", "page=-3", "group=oceania", "group=", "group=Africa"])
        func rejectsBadParametersWithA400(query: String) async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/api/v1/states?\(query)") { res in
                    #expect(res.status == .badRequest)
                    let error = try #require(res.json["error"] as? [String: String])
                    #expect(error["code"] == "invalid_parameter")
                    #expect(error["message"]?.isEmpty == false)
                }
            }
        }

        /// 100 letters each carrying a combining accent: 100 characters to Swift, 200 code points to the schema.
        @Test func measuresSearchTextInCodePointsAsTheSchemaDoes() async throws {
            try await withTandem { app in
                let text = String(repeating: "e\u{0301}", count: 100)
                let query = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                try await app.testing().test(.GET, "/api/v1/states?q=\(query)") { res in
                    #expect(res.status == .badRequest)
                }
            }
        }

        @Test func answersAnUnknownStateOrPathWithA404InJSON() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                for path in ["/api/v1/states/XYZ", "/api/v1/states/toolong", "/api/v1/nothing-here", "/api/v1/partnerships/2099-AAA-BBB"] {
                    try await tester.test(.GET, path) { res in
                        #expect(res.status == .notFound, "\(path)")
                        #expect(res.headers.contentType == .json, "\(path)")
                        let error = res.json["error"] as? [String: String]
                        #expect(error?["code"] == "not_found", "\(path)")
                    }
                }
            }
        }

        @Test func refusesWritesWith405() async throws {
            try await withTandem { app in
                try await app.testing().test(.POST, "/api/v1/states") { res in
                    #expect(res.status == .methodNotAllowed)
                    #expect(res.headers.first(name: "Allow") == "GET, HEAD")
                    #expect((res.json["error"] as? [String: String])?["code"] == "method_not_allowed")
                }
            }
        }

        @Test func showsAStateWithItsParticipation() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/api/v1/states/gbr") { res in
                    let body = res.json
                    #expect((body["state"] as? [String: Any])?["iso3"] as? String == "GBR")
                    let partnerships = body["partnerships"] as? [[String: Any]]
                    #expect(partnerships?.compactMap { $0["code"] as? String } == ["2016-GBR-MWI", "2017-GBR-NGA", "2019-GBR-GMB"])
                    #expect((body["visits"] as? [Any])?.count == 6)
                }
            }
        }

        @Test func listsPartnershipsAndVisitsWithFilters() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                try await tester.test(.GET, "/api/v1/partnerships?limit=200") { res in
                    #expect(res.json["total"] as? Int == 19)
                }
                try await tester.test(.GET, "/api/v1/partnerships?state=bra") { res in
                    #expect(res.json["total"] as? Int == 3)
                }
                try await tester.test(.GET, "/api/v1/partnerships/2016-GBR-MWI") { res in
                    let body = res.json
                    #expect(body["scope"] as? String == "interregional")
                    let participants = body["participants"] as? [[String: String]]
                    #expect(participants?.map { $0["role"] } == ["mentor", "mentee"])
                }
                try await tester.test(.GET, "/api/v1/visits?status=planned") { res in
                    let body = res.json
                    #expect(body["total"] as? Int == 3)
                    let items = body["items"] as? [[String: Any]]
                    #expect(items?.allSatisfy { $0["year"] as? Int == 2020 && $0["start"] is NSNull } == true)
                }
                try await tester.test(.GET, "/api/v1/visits?year=2014&limit=200") { res in
                    #expect(res.json["total"] as? Int == 6)
                }
                try await tester.test(.GET, "/api/v1/visits?status=lost") { res in
                    #expect(res.status == .badRequest)
                }
            }
        }

        @Test func returnsTheProgrammeStatisticsWithExactlyTheAgreedKeys() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/api/v1/programme/statistics") { res in
                    let body = res.json
                    #expect(Set(body.keys) == [
                        "participating_states", "share_of_states_parties_percent", "states_parties_total", "partnerships",
                        "regional_partnerships", "interregional_partnerships", "regional_by_group",
                        "interregional_by_group_pair", "participants_by_group", "repeat_participants", "visits_by_year",
                        "visits_total", "annual_visit_cap", "planned_visits",
                    ])
                    #expect(body["participating_states"] as? Int == 32)
                    #expect(body["share_of_states_parties_percent"] as? Int == 17)
                    #expect(body["regional_by_group"] as? [String: Int] == ["Africa": 3, "Asia": 3, "Eastern Europe": 0, "GRULAC": 5, "WEOG": 0])
                    #expect(body["participants_by_group"] as? [String: Int] == ["Africa": 13, "Asia": 7, "Eastern Europe": 0, "GRULAC": 9, "WEOG": 3])
                    let pairs = body["interregional_by_group_pair"] as? [[String: Any]]
                    #expect(pairs?.first?["groups"] as? [String] == ["Africa", "WEOG"])
                    #expect(pairs?.compactMap { $0["count"] as? Int } == [5, 2, 1])
                    let repeats = body["repeat_participants"] as? [[String: Any]]
                    #expect(repeats?.compactMap { $0["state"] as? String } == ["BRA", "GBR", "DZA", "CUB"])
                    #expect(body["visits_by_year"] as? [String: Int] == ["2012": 2, "2013": 2, "2014": 6, "2015": 4, "2016": 7, "2017": 5, "2018": 5, "2019": 4])
                    #expect(body["visits_total"] as? Int == 35)
                    #expect(body["annual_visit_cap"] as? Int == 8)
                    #expect(body["planned_visits"] as? Int == 3)
                }
            }
        }

        /// The OpenAPI document and the router must describe the same API.
        @Test func theOpenAPIDocumentDescribesEveryRoute() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/api/v1/openapi.json") { res in
                    let body = res.json
                    #expect(body["openapi"] as? String == "3.1.0")
                    let paths = (body["paths"] as? [String: [String: Any]]) ?? [:]
                    let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) /api/v1\(path)" } })
                    let routed = Set(app.routes.all.filter { $0.path.first == "api" }.map { route in
                        "\(route.method.rawValue) /" + route.path.map { component -> String in
                            if case .parameter(let name) = component { return "{\(name)}" }
                            return "\(component)"
                        }.joined(separator: "/")
                    })
                    #expect(documented == routed)
                }
            }
        }
    }
}
