import Foundation
import TandemCore

/// What a partnership's reports say of its results: the latest value of each indicator, and over time.
struct ResultsProgress {
    /// Reports that count: accepted, or with the Secretariat; oldest first.
    let reports: [ReportModel]
    let framework: ResultsFramework

    init(_ record: PartnershipRecord) throws {
        reports = try record.reports.filter { try $0.reportStatus == .accepted || $0.reportStatus == .submitted }
            .sorted { ($0.submittedAt ?? .distantPast) < ($1.submittedAt ?? .distantPast) }
        framework = try record.model.framework()
    }

    /// The latest value given for each indicator.
    var latest: [IndicatorPath: IndicatorValue] {
        get throws {
            var latest: [IndicatorPath: IndicatorValue] = [:]
            for report in reports {
                for (path, value) in try report.value().values where !value.actual.isEmpty { latest[path] = value }
            }
            return latest
        }
    }

    /// The values given for an indicator, report by report.
    func history(_ path: IndicatorPath) throws -> [(report: ReportModel, value: IndicatorValue)] {
        try reports.compactMap { report in try report.value().values[path].flatMap { $0.actual.isEmpty ? nil : (report, $0) } }
    }

    /// For each outcome indicator, whether its target is met by the latest value (nil while none says).
    var outcomesMet: [Bool?] {
        get throws {
            let latest = try self.latest
            return framework.indicators(at: .outcome).map { entry in
                latest[entry.path].flatMap {
                    IndicatorProgress.isMet(baseline: entry.indicator.baseline, target: entry.indicator.target, actual: $0.actual, achieved: $0.achieved)
                }
            }
        }
    }
}
