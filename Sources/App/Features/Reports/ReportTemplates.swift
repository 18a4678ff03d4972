import Fluent
import Foundation
import TandemCore
import Vapor

/// The report templates a state receives with the acceptance of its application (S/2368/2025, paragraph 4): each
/// report's questions with their guidance, and the indicators of the state's own results framework at the report's
/// level, to print or to prepare offline long before a partnership starts.
struct ReportTemplatesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequireMiddleware(.manageOwnAccount)).get("applications", ":id", "report-templates", ":kind", use: show)
    }

    /// The reports a template is given for.
    static let kinds: [ReportKind] = [.interimFirst, .interimSecond, .final]

    struct Question: Encodable {
        let label: String
        let hint: String
    }

    struct IndicatorRow: Encodable {
        let area: String
        let result: String
        let description: String
        let baseline: String
        let target: String
    }

    struct Page: Encodable {
        let title: String
        let state: String
        let call: String
        let due: String
        let questions: [Question]
        let indicators: [IndicatorRow]
        let cosigned: Bool
    }

    /// Links to every template, for an application accepted into the programme.
    static func links(_ application: ApplicationModel, _ req: Request) throws -> [LabelValue] {
        guard try application.applicationStatus == .accepted else { return [] }
        let base = "/applications/\(try application.requireID().uuidString)/report-templates/"
        return kinds.map { LabelValue(label: req.text("report_kind_" + $0.rawValue), value: base + $0.rawValue) }
    }

    @Sendable func show(req: Request) async throws -> View {
        guard let application = try await req.applications.find(req.parameters.get("id")),
              let kind = ReportKind(rawValue: req.parameters.get("kind") ?? ""), Self.kinds.contains(kind) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        guard AccessPolicy.decide(req.actor, .readStateRecords(state: application.stateISO3)).isAllowed else {
            throw Abort(.forbidden, reason: req.text("error_403_message"))
        }
        guard try application.applicationStatus == .accepted else { throw Abort(.notFound, reason: req.text("report_template_after_acceptance")) }
        let call = try application.call.value()
        let language = req.language, l = req.localizer
        func t(_ key: String, _ values: [String: String] = [:]) -> String { l.text(key, language, values) }
        let framework = try application.value().resultsFramework
        let due = kind == .final
            ? t("report_template_due_final", ["months": String(call.rules.finalReportDueMonths)])
            : t("report_template_due_interim", ["days": String(call.rules.interimReportDueDays)])
        let page = Page(
            title: t("report_template_title", ["report": t("report_kind_" + kind.rawValue)]), state: req.states.name(application.stateISO3, in: language),
            call: call.title(in: language), due: due,
            questions: ReportForm.narrativeFields(kind.level).map { Question(label: t("report_field_" + $0), hint: t("report_hint_" + $0)) },
            indicators: framework.indicators(at: kind.level).map { entry in
                IndicatorRow(area: entry.area.customName.isEmpty ? t("thematic_area_" + entry.area.key) : entry.area.customName,
                             result: entry.result.statement, description: entry.indicator.description,
                             baseline: l.indicatorValue(entry.indicator.baseline, language),
                             target: l.indicatorValue(entry.indicator.target, language)
                                 + (entry.indicator.unit.isEmpty ? "" : " " + entry.indicator.unit))
            },
            cosigned: kind.isJoint)
        return try await req.renderPage("reports/template", title: page.title, page)
    }
}
