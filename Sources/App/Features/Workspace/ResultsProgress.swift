import Foundation
import TandemCore

/// What a partnership's reports say of its results: the latest value of each indicator, and over time.
struct ResultsProgress {
    /// Reports that count: accepted, or with the Secretariat; oldest first.
    let reports: [ReportModel]
    let framework: ResultsFramework

    init(_ record: PartnershipRecord) {
        reports = record.reports.filter { $0.reportStatus == .accepted || $0.reportStatus == .submitted }
            .sorted { ($0.submittedAt ?? .distantPast) < ($1.submittedAt ?? .distantPast) }
        framework = record.model.framework()
    }

    /// The latest value given for each indicator.
    var latest: [IndicatorPath: IndicatorValue] {
        var latest: [IndicatorPath: IndicatorValue] = [:]
        for report in reports {
            for (path, value) in report.value().values where !value.actual.isEmpty { latest[path] = value }
        }
        return latest
    }

    /// The values given for an indicator, report by report.
    func history(_ path: IndicatorPath) -> [(report: ReportModel, value: IndicatorValue)] {
        reports.compactMap { report in report.value().values[path].flatMap { $0.actual.isEmpty ? nil : (report, $0) } }
    }

    /// For each outcome indicator, whether its target is met by the latest value (nil while none says).
    var outcomesMet: [Bool?] {
        let latest = self.latest
        return framework.indicators(at: .outcome).map { entry in
            latest[entry.path].flatMap {
                IndicatorProgress.isMet(baseline: entry.indicator.baseline, target: entry.indicator.target, actual: $0.actual, achieved: $0.achieved)
            }
        }
    }
}
