import Fluent
import Foundation
import TandemCore
import Vapor

/// The Secretariat's view of the whole programme on one page: every partnership with its status and what
/// is due or late, the year's visits against the cap, the reports received and accepted, and how far the
/// outcome targets are met across partnerships.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let dashboard = routes.grouped("programme", "dashboard").grouped(RequireMiddleware(.manageProgramme))
        dashboard.get(use: index)
        dashboard.get("visits.csv") { try await ProgrammeExports.visits($0) }
        dashboard.get("reports.csv") { try await ProgrammeExports.reports($0) }
    }

    struct Row: Encodable, Hashable, Sendable {
        let title: String
        let href: String
        let code: String
        let status: String
        let next: String
        let nextOverdue: Bool
        /// The next deadline as `YYYY-MM-DD` ("~" when none): the table's order, soonest first.
        let due: String
        let overdue: Int
        let reports: String
        let targets: String
    }

    struct Page: Encodable, Hashable, Sendable {
        let figures: [LabelValue]
        /// One page of the table (the kept figures hold every row).
        var rows: [Row]
        var count = ""
        var pager: PagerContext?
        /// A chart with its visible caption (the year it shows).
        struct Figure: Encodable, Hashable, Sendable {
            let caption: String
            let svg: String
        }
        let visitsCharts: [Figure]
        let reportsChart: String
        let targetsChart: String?
        /// The sponsorship budget of this year and of the next ones that hold anything, over every call.
        let budgetYears: [BudgetYear]
        let year: Int
    }

    @Sendable func index(req: Request) async throws -> View {
        let today = CivilDate(utc: req.application.clock.now())
        let version = try await DataVersion.programme(on: req.db)
        var page = try await req.application.figuresCache.value("dashboard \(version) \(today) \(req.language.rawValue)") {
            try await Self.page(req, today: today)
        }
        let paging = try PageRequest(req.pageQuery, defaultLimit: PageRequest.pageLimit).clamped(total: page.rows.count)
        page.count = req.localizer.text("partnerships_count", req.language, count: page.rows.count)
        page.pager = Pager.make(req, paging, total: page.rows.count)
        page.rows = paging.slice(page.rows)
        return try await req.renderListPage("dashboard/index", title: req.text("dashboard_title"), page)
    }

    /// The whole programme's figures as of `today`, in the reader's language.
    private static func page(_ req: Request, today: CivilDate) async throws -> Page {
        let language = req.language
        func t(_ key: String, _ values: [String: String] = [:]) -> String { req.localizer.text(key, language, values) }
        let models = try await PartnershipModel.query(on: req.db).filter(\.$source != PartnershipModel.fromHistory).sort(\.$code).all()
        var rows: [Row] = [], overdueTotal = 0, met = 0, judged = 0
        var reportCounts: [ReportModel.Status: Int] = [:]
        var perPartnershipTargets: [BarChart.Bar] = []
        let rules = try await PartnershipSchedule.rules(of: models, on: req.db)
        for record in try await PartnershipRecord.load(models, on: req.db) {
            let model = record.model
            let deadlines = try PartnershipSchedule.deadlines(record, rules: rules[try model.requireID()] ?? .current)
            let overdue = deadlines.filter { $0.due < today }.count
            overdueTotal += overdue
            for report in record.reports where try report.reportKind != .followUp || report.reportStatus != .draft {
                reportCounts[try report.reportStatus, default: 0] += 1
            }
            let outcomes = try ResultsProgress(record).outcomesMet.compactMap { $0 }
            met += outcomes.filter { $0 }.count
            judged += outcomes.count
            let title = record.states.map { req.states.name($0, in: language) }.joined(separator: " – ")
            if !outcomes.isEmpty { perPartnershipTargets.append(.init(label: title, value: 100 * outcomes.filter { $0 }.count / outcomes.count)) }
            let accepted = try record.reports.filter { try $0.reportStatus == .accepted }.count
            rows.append(Row(title: title, href: record.href, code: model.code, status: record.lapsed(on: today).map { t("partnership_status_lapsed", ["year": String($0.year)]) } ?? t("partnership_status_" + model.status),
                            next: deadlines.first.map { language.format($0.due) } ?? "", nextOverdue: deadlines.first.map { $0.due < today } ?? false,
                            due: deadlines.first?.due.description ?? "~", overdue: overdue,
                            reports: t("dashboard_reports_accepted", ["accepted": String(accepted), "count": String(record.reports.count)]),
                            targets: outcomes.isEmpty ? "" : language.formatPercent(100 * outcomes.filter { $0 }.count / outcomes.count)))
        }
        let year = today.year
        let cap = ProgrammeRules.current.annualVisitCap
        // This year's visits against the cap, and next year's once any are planned.
        var visitsCharts: [Page.Figure] = []
        var thisYear = 0
        for shown in [year, year + 1] {
            let visits = try await VisitModel.query(on: req.db).filter(\.$startDate >= "\(shown)-01-01").filter(\.$startDate <= "\(shown)-12-31")
                .filter(\.$status != VisitStatus.cancelled.rawValue).all()
            if shown == year { thisYear = visits.count } else if visits.isEmpty { continue }
            let byStatus = try [VisitStatus.completed, .confirmed, .proposed].map { status in
                BarChart.Bar(label: t("visit_status_" + status.rawValue), value: try visits.filter { try $0.visitStatus == status }.count)
            }
            let title = t("dashboard_visits_title", ["year": String(shown)])
            visitsCharts.append(Page.Figure(caption: title, svg: BarChart(
                id: "visits-\(shown)", title: title,
                summary: req.localizer.text("dashboard_visits_summary", language, count: visits.count, ["cap": String(cap), "year": String(shown)]),
                bars: byStatus + [.init(label: t("dashboard_visits_all"), value: visits.count)],
                marker: .init(label: t("dashboard_cap", ["cap": String(cap)]), value: cap)).svg))
        }
        let reportStatuses: [ReportModel.Status] = [.draft, .awaitingCosignature, .submitted, .returned, .accepted]
        let reportsChart = BarChart(id: "reports", title: t("dashboard_reports_title"),
                                    summary: reportStatuses.map { "\(t("report_status_" + $0.rawValue)): \(reportCounts[$0] ?? 0)" }.joined(separator: ", "),
                                    bars: reportStatuses.map { .init(label: t("report_status_" + $0.rawValue), value: reportCounts[$0] ?? 0) }).svg
        let targetsChart = perPartnershipTargets.isEmpty ? nil
            : BarChart(id: "targets", title: t("dashboard_targets_title"),
                       summary: perPartnershipTargets.map { "\($0.label): \($0.value)%" }.joined(separator: ", "), bars: perPartnershipTargets).svg
        // This year's sponsorship budget, and the next years' once they hold a budget or a cost.
        let ledger = try await BudgetController.ledger(req)
        let budgetYears = (year...year + 2).compactMap { shown -> BudgetYear? in
            let position = ledger.position(in: shown), outside = ledger.outsideCalls(in: shown)
            guard shown == year || position.budget != nil || position.committed != .zero || position.spent != .zero || outside != nil else { return nil }
            return BudgetYear(position, outside: outside, year: shown, language: language, t)
        }
        let figures = [
            LabelValue(label: t("dashboard_active"), value: language.format(try models.filter { try $0.partnershipStatus == .active }.count)),
            LabelValue(label: t("dashboard_visits_year", ["year": String(year)]), value: t("dashboard_of_cap", ["count": language.format(thisYear), "cap": String(cap)])),
            LabelValue(label: t("dashboard_overdue"), value: language.format(overdueTotal)),
            LabelValue(label: t("dashboard_to_review"), value: language.format(reportCounts[.submitted] ?? 0)),
            LabelValue(label: t("dashboard_targets_met"), value: judged == 0 ? "—" : language.formatPercent(100 * met / judged)),
        ]
        return Page(figures: figures, rows: rows.sorted { ($0.due, $0.code) < ($1.due, $1.code) }, visitsCharts: visitsCharts, reportsChart: reportsChart, targetsChart: targetsChart,
                    budgetYears: budgetYears, year: year)
    }

    /// One year's sponsorship budget in words, figures and a chart (none while nothing is spent or committed).
    struct BudgetYear: Encodable, Hashable, Sendable {
        let heading: String
        let summary: String
        let figures: [LabelValue]
        let chart: String?
        /// What visits of partnerships outside any call cost that year, which no budget covers.
        let outside: String?

        init(_ position: BudgetPosition, outside: BudgetPosition?, year: Int, language: Language, _ t: (String, [String: String]) -> String) {
            func money(_ amount: Money?) -> String { amount.map(language.format) ?? t("budget_not_set", [:]) }
            heading = t("dashboard_budget_title", ["year": String(year)])
            let used = position.committed + position.spent
            if let budget = position.budget, let remaining = position.remaining {
                summary = position.isOvercommitted ? t("budget_summary_over", ["amount": money(.zero - remaining), "year": String(year)])
                    : t("budget_summary", ["share": language.formatPercent(budget.cents > 0 ? Int(used.cents * 100 / budget.cents) : 0),
                                           "remaining": money(remaining), "year": String(year)])
            } else {
                summary = t("budget_summary_unset", ["committed": money(position.committed), "spent": money(position.spent), "year": String(year)])
            }
            self.outside = outside.map { t("budget_outside_calls", ["committed": money($0.committed), "spent": money($0.spent), "year": String(year)]) }
            figures = [LabelValue(label: t("budget_amount", [:]), value: money(position.budget)),
                       LabelValue(label: t("budget_committed", [:]), value: money(position.committed)),
                       LabelValue(label: t("budget_spent", [:]), value: money(position.spent)),
                       LabelValue(label: t("budget_remaining", [:]), value: money(position.remaining))]
            let amounts = [(t("budget_spent", [:]), position.spent), (t("budget_committed", [:]), position.committed),
                           (t("budget_spent_and_committed", [:]), used)]
            chart = used == .zero ? nil : BarChart(
                id: "budget-\(year)", title: heading, summary: summary,
                bars: amounts.map { .init(label: $0.0, value: $0.1.euros, text: language.format($0.1)) },
                marker: position.budget.map { .init(label: t("budget_amount", [:]) + " " + language.format($0), value: $0.euros) }).svg
        }
    }
}
