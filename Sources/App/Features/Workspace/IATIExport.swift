import Foundation
import TandemCore
import Vapor

/// A partnership's results framework and what its reports say, as an IATI 2.03 activity: one result per
/// planned output and outcome, each indicator with its baseline, its target and, per report, the value
/// reached, over the period from the partnership's start to that report.
struct IATIExport {
    let app: Application
    let language: Language

    func activity(_ record: PartnershipRecord, rules: ProgrammeRules) throws -> IATIActivity {
        let model = record.model, directory = app.statesDirectory
        let start = model.startDate.flatMap(CivilDate.init(iso:)) ?? CivilDate(utc: model.createdAt ?? Date())
        let plannedEnd = ReportSchedule.due(.final, visits: try record.plannedVisits, rules: rules) ?? start.adding(months: rules.visitWindowMonths)
        let progress = try ResultsProgress(record)
        func t(_ key: String, _ values: [String: String] = [:]) -> String { app.localizer.text(key, language, values) }
        let partners = record.states.map { directory.name($0, in: language) }.joined(separator: " – ")
        var dates: [(type: String, day: CivilDate)] = [("2", start), ("3", plannedEnd)]
        if let end = model.endDate.flatMap(CivilDate.init(iso:)), try model.partnershipStatus != .active { dates.append(("4", end)) }
        let status = switch try model.partnershipStatus {
        case .proposed: "1"
        case .active: "2"
        case .completed: "3"
        case .closed: "4"
        }
        let results = try progress.framework.areas.enumerated().flatMap { a, area in
            try ResultLevel.allCases.flatMap { level in
                try (level == .output ? area.outputs : area.outcomes).enumerated().map { r, result in
                    IATIActivity.Result(
                        type: level == .output ? "1" : "2", title: result.statement,
                        description: area.customName.isEmpty ? t("thematic_area_" + area.key) : area.customName,
                        indicators: try result.indicators.enumerated().map { i, indicator in
                            let path = IndicatorPath(area: a, level: level, result: r, indicator: i)
                            let target = IndicatorProgress.number(indicator.target), baseline = IndicatorProgress.number(indicator.baseline)
                            // Each reported value closes a period that runs from the partnership's start to its report.
                            var periods = try progress.history(path).map { entry in
                                IATIActivity.Period(start: start, end: max(start, CivilDate(utc: entry.report.submittedAt ?? Date())),
                                                    target: indicator.target, actual: entry.value.actual, comment: entry.value.comment)
                            }
                            if periods.isEmpty { periods = [IATIActivity.Period(start: start, end: max(start, plannedEnd), target: indicator.target, actual: nil)] }
                            return IATIActivity.ResultIndicator(
                                title: indicator.description,
                                description: [indicator.unit, indicator.meansOfVerification].filter { !$0.isEmpty }.joined(separator: "; "),
                                measure: target == nil ? "5" : "1", ascending: (target ?? 1) >= (baseline ?? 0),
                                baseline: indicator.baseline, baselineYear: start.year, periods: periods)
                        })
                }
            }
        }
        let config = app.config
        return IATIActivity(
            identifier: config.iatiOrganisation + "-" + model.code,
            reportingOrganisation: .init(ref: config.iatiOrganisation, name: t("iati_reporting_organisation"), role: "1", type: "40"),
            title: t("iati_title", ["partners": partners]),
            description: t("iati_description", ["partners": partners, "mentor": record.states(in: .mentor).map { directory.name($0, in: language) }.joined(separator: ", "),
                                                "mentee": record.states(in: .mentee).map { directory.name($0, in: language) }.joined(separator: ", ")]),
            participants: [IATIActivity.Organisation(ref: config.iatiOrganisation, name: t("iati_reporting_organisation"), role: "1", type: "40")]
                + record.participants.map {
                    IATIActivity.Organisation(name: t("iati_national_authority", ["state": directory.name($0.stateISO3, in: language)]), role: "4", type: "10")
                },
            status: status, dates: dates,
            recipientCountry: record.states(in: .mentee).first.flatMap { directory[$0]?.iso2 },
            results: results, language: language.rawValue, lastUpdated: model.updatedAt ?? Date())
    }
}
