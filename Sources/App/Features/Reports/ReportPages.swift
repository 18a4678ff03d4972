import Fluent
import Foundation
import TandemCore
import Vapor

/// The view context of a report's page: its form (or what was submitted), its checklist, the review and
/// every version, in the reader's language.
struct ReportPages {
    let req: Request
    private var language: Language { req.language }
    private func t(_ key: String, _ values: [String: String] = [:]) -> String { req.localizer.text(key, language, values) }
    private func name(_ iso3: String) -> String { req.states.name(iso3, in: language) }

    struct TextField: Encodable {
        let name: String
        let label: String
        let hint: String
        let value: String
        let error: String?
    }

    struct IndicatorRow: Encodable {
        let key: String
        let area: String
        let result: String
        let description: String
        let baseline: String
        let target: String
        let unit: String
        let actual: String
        /// The reported value as read; `actual` is as typed.
        let actualText: String
        /// A qualitative indicator's scale, to report where it stands.
        let statuses: [SelectOption]?
        let comment: String
        let achieved: String
        let needsJudgement: Bool
        let valueError: String?
        let achievedError: String?
    }

    struct VersionLine: Encodable {
        let number: Int
        let status: String
        let by: String
        let when: String
        let comments: String
    }

    struct Page: Encodable {
        let limits = FormLimits()
        let title: String
        let partnershipTitle: String
        let partnershipHref: String
        let action: String
        let status: String
        let facts: [LabelValue]
        let request: String
        let editable: Bool
        /// Sent back with every save, so a save over someone else's newer one is refused.
        let version: Int
        let fields: [TextField]
        let indicators: [IndicatorRow]
        /// What stops the report from going on, by the element it concerns (`activities`, `value-0_outcome_1_2`):
        /// the summary at the top of the page links each line to its field (`ShowsFieldErrors`).
        let errors: [String: String]
        let canSubmit: Bool
        /// An interim report may go to the other partner for co-signature before the Secretariat (the final report always does).
        let cosignatureOffer: String?
        let submitLabel: String
        let cosignAction: String?
        let cosignHint: String
        /// For a programme officer entering the report: the partner it comes from.
        let onBehalfOptions: [SelectOption]
        let onBehalfError: String?
        let reviewAction: String?
        let notice: String?
        /// Refused because someone else saved meanwhile: the page opens at its notice.
        let stale: Bool
        let reviewError: String?
        let versions: [VersionLine]
        let csrf: String
    }

    func page(_ record: PartnershipRecord, report: ReportModel, form: ReportForm, problems: [String: String], showProblems: Bool,
              notice: String?, reviewError: String? = nil, onBehalf: String? = nil,
              savedMeanwhile: [String: String] = [:]) async throws -> Page {
        let kind = try report.reportKind, framework = try record.model.framework()
        let acting = record.actingState(req)
        let entering = ReportsController.entersForPartners(req, record)
        let editable = try record.canEdit(req) && report.isWithPartners
            && (entering || (acting != nil && !(report.reportStatus == .awaitingCosignature && report.draftedByISO3 != acting)))
        let versions = try await ReportVersionModel.query(on: req.db).filter(\.$report.$id == report.requireID()).sort(\.$number, .descending).all()
        var facts = [LabelValue(label: t("report_due"), value: report.due.map(language.format) ?? t("report_due_unknown"))]
        if let drafted = report.draftedByISO3 { facts.append(LabelValue(label: t("report_drafted_by"), value: name(drafted))) }
        if let cosigned = report.cosignedByISO3 { facts.append(LabelValue(label: t("report_cosigned_by"), value: name(cosigned))) }
        if let at = report.submittedAt { facts.append(LabelValue(label: t("report_submitted_at"), value: language.formatDay(at))) }
        /// What another person saved meanwhile is shown where a problem would be.
        func meanwhile(_ key: String) -> String? {
            savedMeanwhile[key].map { $0.isEmpty ? t("change_saved_meanwhile_empty") : t("change_saved_meanwhile", ["value": $0]) }
        }
        func field(_ name: String, _ value: String) -> TextField {
            TextField(name: name, label: t("report_field_" + name), hint: t("report_hint_" + name), value: value,
                      error: meanwhile(name) ?? (showProblems ? problems[name].map { t($0) } : nil))
        }
        let fields = ReportForm.narrativeFields(kind.level).map { field($0, form.text($0)) }
        let l = req.localizer
        let indicators = framework.indicators(at: kind.level).map { entry in
            let value = form.values[entry.path] ?? IndicatorValue()
            let key = ReportFields.key(entry.path)
            return IndicatorRow(
                key: key, area: entry.area.customName.isEmpty ? t("thematic_area_" + entry.area.key) : entry.area.customName,
                result: entry.result.statement, description: entry.indicator.description,
                baseline: l.indicatorValue(entry.indicator.baseline, language), target: l.indicatorValue(entry.indicator.target, language), unit: entry.indicator.unit, actual: value.actual,
                actualText: l.indicatorValue(value.actual, language),
                statuses: entry.indicator.measure == .status ? l.indicatorStatuses(value.actual, language) : nil, comment: value.comment,
                achieved: value.achieved.map { $0 ? "yes" : "no" } ?? "",
                // A figure or a step of the scale says by itself whether the target is met; other text is judged.
                needsJudgement: entry.indicator.measure == .quantity && IndicatorProgress.number(entry.indicator.target) == nil,
                valueError: meanwhile("value_" + entry.path.description)
                    ?? (showProblems ? problems["value_" + entry.path.description].map { t($0) } : nil),
                achievedError: meanwhile("achieved_" + entry.path.description)
                    ?? (showProblems ? problems["achieved_" + entry.path.description].map { t($0) } : nil))
        }
        let base = record.href + "/reports/\(report.slug)"
        let other = record.states.first { $0 != report.draftedByISO3 }
        return Page(
            title: ReportTitle(req: req).name(report), partnershipTitle: record.states.map(name).joined(separator: " – "),
            partnershipHref: record.href, action: base, status: t("report_status_" + report.status), facts: facts,
            request: report.request, editable: editable, version: report.version, fields: fields, indicators: indicators,
            errors: showProblems ? Dictionary(uniqueKeysWithValues: problems.map { key, problem in
                (Self.elementID(key), checklistLine(key, problem, framework: framework))
            }).merging(reviewError.map { ["review": $0] } ?? [:]) { $1 } : reviewError.map { ["review": $0] } ?? [:],
            canSubmit: editable,
            cosignatureOffer: editable && !entering && kind.visitIndex != nil
                ? t("report_ask_cosignature", ["partner": record.states.first { $0 != acting }.map(name) ?? ""]) : nil,
            submitLabel: t(entering ? "report_enter_submit" : kind.isJoint ? "report_submit_for_cosignature" : "report_submit"),
            cosignAction: try report.reportStatus == .awaitingCosignature && (entering || (acting != nil && acting == other)) ? base + "/cosign" : nil,
            cosignHint: entering ? t("report_cosign_for", ["state": other.map(name) ?? ""]) : t("report_cosign_hint"),
            onBehalfOptions: entering && editable ? record.states.map {
                SelectOption(value: $0, label: name($0), selected: $0 == (onBehalf ?? report.draftedByISO3))
            } : [],
            onBehalfError: showProblems ? problems["onBehalf"].map { t($0) } : nil,
            reviewAction: try record.canManage(req) && report.reportStatus == .submitted ? base + "/review" : nil,
            notice: notice, stale: !savedMeanwhile.isEmpty, reviewError: reviewError,
            versions: versions.map {
                VersionLine(number: $0.number, status: t("report_status_" + $0.status), by: $0.by, when: language.formatDay($0.at),
                            comments: $0.comments)
            },
            csrf: req.csrfToken)
    }

    /// The element a problem's key names on the page: `value_0.outcome.1.2` is the field `value-0_outcome_1_2`.
    static func elementID(_ key: String) -> String {
        for prefix in ["value_", "achieved_"] where key.hasPrefix(prefix) {
            return prefix.dropLast() + "-" + key.dropFirst(prefix.count).replacingOccurrences(of: ".", with: "_")
        }
        return key
    }

    private func checklistLine(_ key: String, _ problem: String, framework: ResultsFramework) -> String {
        if let text = key.split(separator: "_", maxSplits: 1).last, key.hasPrefix("value_") || key.hasPrefix("achieved_"),
           let path = IndicatorPath(String(text)), let indicator = framework.indicator(at: path) {
            return t(problem) + ": " + indicator.description
        }
        return t(problem) + ": " + t("report_field_" + key)
    }
}

/// How a report is named: "Interim report after the first visit", "Follow-up request 2".
struct ReportTitle {
    let localizer: Localizer
    let language: Language

    init(localizer: Localizer, language: Language) {
        self.localizer = localizer
        self.language = language
    }

    init(req: Request) {
        self.init(localizer: req.localizer, language: req.language)
    }

    func name(_ report: ReportModel) -> String {
        report.kind == ReportKind.followUp.rawValue
            ? localizer.text("report_kind_follow_up_numbered", language, ["number": String(report.sequence)])
            : localizer.text("report_kind_" + report.kind, language)
    }

    /// A few words, for a chart's axis: "Interim 1", "Final", "Follow-up 2".
    func short(_ report: ReportModel) -> String {
        localizer.text("report_short_" + report.kind, language, ["number": String(report.sequence)])
    }
}
