import Testing
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct PartnershipsPagesTests {
        let row = "<tr><th scope=\"row\"><a href=\"/programme/partnerships/"

        @Test func listsAndFiltersThePartnerships() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                try await tester.test(.GET, "/programme/partnerships") { res in
                    #expect(res.status == .ok)
                    #expect(occurrences(of: row, in: res.text) == 19)
                }
                let cases: [(String, Int)] = [
                    ("scope=regional", 11), ("scope=interregional", 8), ("group=weog", 5), ("group=eastern-europe", 0),
                    ("year=2020", 3), ("year=2016", 4), ("group=grulac&scope=regional", 5), ("year=&group=&scope=", 19),
                ]
                for (query, expected) in cases {
                    try await tester.test(.GET, "/programme/partnerships?\(query)") { res in
                        #expect(occurrences(of: row, in: res.text) == expected, "\(query)")
                    }
                }
            }
        }

        @Test func badFilterValuesGetAClearMessage() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/programme/partnerships?year=twenty") { res in
                    #expect(res.status == .badRequest)
                    #expect(res.headers.contentType?.subType == "html")
                    #expect(res.text.contains("year: must be a whole number from 1900 to 2999"))
                }
            }
        }

        @Test func exportsTheFilteredListAsCSV() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/programme/partnerships?scope=interregional&format=csv") { res in
                    let lines = res.text.split(separator: "\r\n")
                    #expect(lines.count == 9)
                    #expect(lines.contains("2016-GBR-MWI,GBR,MWI,interregional,completed,2016-09-05,2017-03-09,GBR,2016,completed,MWI,2017,completed"))
                }
            }
        }

        @Test func showsOnePartnershipWithItsVisits() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/programme/partnerships/2019-FRA-CIV?lang=fr") { res in
                    #expect(res.status == .ok)
                    #expect(res.text.contains("France – Côte d’Ivoire (2019)"))
                    #expect(res.text.contains("Bénéficiaire"))
                    #expect(res.text.contains("2 décembre 2019"))
                    #expect(res.text.contains("Prévue"))
                    #expect(res.text.contains("Planned for 2020"))
                }
                try await app.testing().test(.GET, "/programme/partnerships/2016-GBR-MWI") { res in
                    #expect(res.text.contains("5 September 2016 – 8 September 2016"))
                    #expect(res.text.contains("<td data-label=\"Host\"><a href=\"/states/GBR\">"))
                }
                try await app.testing().test(.GET, "/programme/partnerships/1999-AAA-BBB") { res in
                    #expect(res.status == .notFound)
                }
            }
        }
    }

    @Suite struct StatisticsPageTests {
        @Test func showsEveryStatisticAsATableAndAChart() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/programme/statistics") { res in
                    #expect(res.status == .ok)
                    let ids = ["participation", "partnerships", "regional_by_group", "interregional_by_group_pair",
                               "participants_by_group", "repeat_participants", "visits_by_year", "planned_visits"]
                    for id in ids {
                        #expect(res.text.contains("<section class=\"statistic\" id=\"\(id)\""), "\(id)")
                        #expect(res.text.contains("aria-labelledby=\"chart-\(id)-title chart-\(id)-desc\""), "\(id)")
                    }
                    #expect(occurrences(of: "<svg", in: res.text) == ids.count)
                    #expect(occurrences(of: "<table>", in: res.text) == ids.count)
                    #expect(res.text.contains("<td>17%</td>"))
                    #expect(res.text.contains("Cap: 8"))
                    #expect(res.text.contains("Africa – WEOG"))
                }
            }
        }

        @Test func offersCSVAndJSONDownloads() async throws {
            try await withTandem { app in
                try await app.testing().test(.GET, "/programme/statistics.csv") { res in
                    #expect(res.headers.first(name: .contentDisposition)?.contains("programme-statistics.csv") == true)
                    let lines = res.text.split(separator: "\r\n").map(String.init)
                    #expect(lines.first == "statistic,item,value")
                    #expect(lines.contains("participating_states,,32"))
                    #expect(lines.contains("regional_by_group,Eastern Europe,0"))
                    #expect(lines.contains("interregional_by_group_pair,Africa / WEOG,5"))
                    #expect(lines.contains("visits_by_year,2016,7"))
                    #expect(lines.contains("planned_visits,,3"))
                }
                try await app.testing().test(.GET, "/programme/statistics.json") { res in
                    #expect(res.json["partnerships"] as? Int == 19)
                }
            }
        }
    }
}
