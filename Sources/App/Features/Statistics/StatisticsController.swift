import TandemCore
import Vapor

/// The programme in figures: each statistic as a table and a chart, with CSV and JSON downloads.
struct StatisticsController: RouteCollection {
    struct Section: Encodable {
        let id: String
        let heading: String
        let columns: [String]
        let rows: [[String]]
        let chart: String
    }

    struct StatisticsPage: Encodable {
        let intro: String
        let sections: [Section]
    }

    func boot(routes: any RoutesBuilder) throws {
        let programme = routes.grouped("programme")
        programme.get("statistics", use: page)
        programme.get("statistics.csv", use: csv)
        programme.get("statistics.json", use: json)
    }

    static func compute(_ req: Request, language: Language) async throws -> ProgrammeStatistics {
        ProgrammeStatistics(partnerships: try await req.partnerships.all(),
                            states: req.states.states,
                            annualVisitCap: ProgrammeRules.current.annualVisitCap, language: language)
    }

    @Sendable func page(req: Request) async throws -> View {
        let language = req.language
        let stats = try await Self.compute(req, language: language)
        let page = StatisticsPage(
            intro: req.localizer.text("statistics_intro", language, [
                "partnerships": language.format(stats.partnerships),
                "states": language.format(stats.participatingStates),
            ]),
            sections: Self.sections(stats, localizer: req.localizer, language: language))
        return try await req.renderPage("statistics/index", title: req.text("statistics_title"), page)
    }

    @Sendable func json(req: Request) async throws -> Response {
        let response = try await StatisticsDTO(Self.compute(req, language: .en)).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"programme-statistics.json\"")
        return response
    }

    /// One long table: the statistic, what is counted, and the count.
    @Sendable func csv(req: Request) async throws -> Response {
        let stats = try await Self.compute(req, language: .en)
        let dto = StatisticsDTO(stats)
        var rows: [[String]] = [
            ["participating_states", "", "\(dto.participatingStates)"],
            ["share_of_states_parties_percent", "", "\(dto.shareOfStatesPartiesPercent)"],
            ["states_parties_total", "", "\(dto.statesPartiesTotal)"],
            ["partnerships", "", "\(dto.partnerships)"],
            ["regional_partnerships", "", "\(dto.regionalPartnerships)"],
            ["interregional_partnerships", "", "\(dto.interregionalPartnerships)"],
        ]
        rows += RegionalGroup.allCases.map { ["regional_by_group", $0.rawValue, "\(stats.regionalByGroup[$0] ?? 0)"] }
        rows += dto.interregionalByGroupPair.map { ["interregional_by_group_pair", $0.groups.joined(separator: " / "), "\($0.count)"] }
        rows += RegionalGroup.allCases.map { ["participants_by_group", $0.rawValue, "\(stats.participantsByGroup[$0] ?? 0)"] }
        rows += dto.repeatParticipants.map { ["repeat_participants", "\($0.state) \($0.name)", "\($0.partnerships)"] }
        rows += stats.visitsByYear.keys.sorted().map { ["visits_by_year", "\($0)", "\(stats.visitsByYear[$0] ?? 0)"] }
        rows += [
            ["visits_total", "", "\(dto.visitsTotal)"],
            ["annual_visit_cap", "", "\(dto.annualVisitCap)"],
            ["planned_visits", "", "\(dto.plannedVisits)"],
        ]
        return Response.download(CSVWriter.write(header: ["statistic", "item", "value"], rows: rows),
                                 filename: "programme-statistics.csv")
    }

    static func sections(_ stats: ProgrammeStatistics, localizer: Localizer, language: Language) -> [Section] {
        let t = { (key: String) in localizer.text(key, language) }
        let n = { (number: Int) in language.format(number) }
        let group = { (g: RegionalGroup) in localizer.groupName(g, language) }
        func section(_ id: String, columns: [String], rows: [[String]], bars: [BarChart.Bar], marker: BarChart.Marker? = nil) -> Section {
            let heading = t("stat_\(id)_heading")
            let summary = bars.map { "\($0.label): \(n($0.value))" }.joined(separator: "; ")
            return Section(id: id, heading: heading, columns: columns, rows: rows,
                           chart: BarChart(id: "chart-\(id)", title: heading, summary: summary, bars: bars, marker: marker).svg)
        }
        let count = t("stat_column_count")
        let years = stats.visitsByYear.keys.sorted()
        return [
            section("participation", columns: [t("stat_column_item"), count], rows: [
                [t("stat_participating_states"), n(stats.participatingStates)],
                [t("stat_states_parties_total"), n(stats.statesPartiesTotal)],
                [t("stat_share_of_states_parties"), language.formatPercent(stats.shareOfStatesPartiesPercent)],
            ], bars: [
                .init(label: t("stat_participating_states"), value: stats.participatingStates),
                .init(label: t("stat_not_yet_participating"), value: stats.statesPartiesTotal - stats.participatingStates),
            ]),
            section("partnerships", columns: [t("stat_column_item"), count], rows: [
                [t("stat_partnerships_total"), n(stats.partnerships)],
                [t("scope_regional"), n(stats.regionalPartnerships)],
                [t("scope_interregional"), n(stats.interregionalPartnerships)],
            ], bars: [
                .init(label: t("scope_regional"), value: stats.regionalPartnerships),
                .init(label: t("scope_interregional"), value: stats.interregionalPartnerships),
            ]),
            section("regional_by_group", columns: [t("stat_column_group"), count],
                    rows: RegionalGroup.allCases.map { [group($0), n(stats.regionalByGroup[$0] ?? 0)] },
                    bars: RegionalGroup.allCases.map { .init(label: group($0), value: stats.regionalByGroup[$0] ?? 0) }),
            section("interregional_by_group_pair", columns: [t("stat_column_groups"), count],
                    rows: stats.interregionalByGroupPair.map { [$0.groups.map(group).joined(separator: " – "), n($0.count)] },
                    bars: stats.interregionalByGroupPair.map { .init(label: $0.groups.map(group).joined(separator: " – "), value: $0.count) }),
            section("participants_by_group", columns: [t("stat_column_group"), count],
                    rows: RegionalGroup.allCases.map { [group($0), n(stats.participantsByGroup[$0] ?? 0)] },
                    bars: RegionalGroup.allCases.map { .init(label: group($0), value: stats.participantsByGroup[$0] ?? 0) }),
            section("repeat_participants", columns: [t("stat_column_state"), t("stat_column_partnerships")],
                    rows: stats.repeatParticipants.map { [$0.name, n($0.partnerships)] },
                    bars: stats.repeatParticipants.map { .init(label: $0.name, value: $0.partnerships) }),
            section("visits_by_year", columns: [t("stat_column_year"), t("stat_column_visits")],
                    rows: years.map { ["\($0)", n(stats.visitsByYear[$0] ?? 0)] }
                        + [[t("stat_visits_total"), n(stats.visitsTotal)], [t("stat_annual_visit_cap"), n(stats.annualVisitCap)]],
                    bars: years.map { .init(label: "\($0)", value: stats.visitsByYear[$0] ?? 0) },
                    marker: .init(label: localizer.text("stat_cap_marker", language, ["cap": n(stats.annualVisitCap)]),
                                  value: stats.annualVisitCap)),
            section("planned_visits", columns: [t("stat_column_item"), count], rows: [
                [t("stat_visits_total"), n(stats.visitsTotal)],
                [t("stat_planned_visits"), n(stats.plannedVisits)],
            ], bars: [
                .init(label: t("stat_visits_total"), value: stats.visitsTotal),
                .init(label: t("stat_planned_visits"), value: stats.plannedVisits),
            ]),
        ]
    }
}
