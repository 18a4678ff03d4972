import Foundation
import TandemCore
import Vapor

/// What the API tells of a partnership's workspace. Names of people in a delegation go to the Secretariat
/// only; the partners' and the public's answers count them.
enum WorkspaceDTO {
    struct VisitDTO: Content {
        let number: Int
        let host: String
        let visitor: String
        let start: String?
        let end: String?
        let status: String
        let notifiedOn: String?
        let confirmedAt: String?
        let overrideReason: String?
        let cancelReason: String?
        let agenda: [AgendaDay]
        let delegates: Int
        let sponsored: Int
    }

    struct DelegateDTO: Content {
        let name: String
        let title: String
        let organisation: String
        let role: String
        let gender: String?
        let sponsored: Bool
        let exceptional: Bool
        let exceptionApproved: Bool
    }

    struct ReportDTO: Content {
        let kind: String
        let sequence: Int
        let dueOn: String?
        let status: String
        let draftedBy: String?
        let cosignedBy: String?
        let submittedAt: String?
        let acceptedAt: String?
        let request: String
        let form: ReportForm
    }

    struct ValueDTO: Content {
        let report: String
        let value: String
        let comment: String
    }

    struct IndicatorDTO: Content {
        let path: String
        let area: String
        let level: String
        let result: String
        let description: String
        let baseline: String
        let target: String
        let unit: String
        let latest: String?
        let met: Bool?
        let values: [ValueDTO]
    }

    static func visits(_ record: PartnershipRecord) throws -> [VisitDTO] {
        try record.visits.enumerated().map { index, visit in
            VisitDTO(number: index + 1, host: visit.hostISO3, visitor: visit.visitorISO3, start: visit.startDate, end: visit.endDate,
                     status: visit.status, notifiedOn: visit.notifiedOn, confirmedAt: visit.confirmedAt.map(timestamp),
                     overrideReason: visit.overrideReason, cancelReason: visit.cancelReason, agenda: try visit.agendaDays(),
                     delegates: visit.delegates.count, sponsored: visit.delegates.filter(\.sponsored).count)
        }
    }

    static func delegates(_ visit: VisitModel) -> [DelegateDTO] {
        visit.delegates.sorted { $0.position < $1.position }.map {
            DelegateDTO(name: $0.name, title: $0.title, organisation: $0.organisation, role: $0.role, gender: $0.gender,
                        sponsored: $0.sponsored, exceptional: $0.exceptional, exceptionApproved: $0.exceptionApproved)
        }
    }

    static func reports(_ record: PartnershipRecord) throws -> [ReportDTO] {
        try record.reports.map {
            ReportDTO(kind: $0.kind, sequence: $0.sequence, dueOn: $0.dueOn, status: $0.status, draftedBy: $0.draftedByISO3,
                      cosignedBy: $0.cosignedByISO3, submittedAt: $0.submittedAt.map(timestamp), acceptedAt: $0.acceptedAt.map(timestamp),
                      request: $0.request, form: try $0.value())
        }
    }

    static func indicators(_ record: PartnershipRecord) throws -> [IndicatorDTO] {
        let progress = try ResultsProgress(record), latest = try progress.latest
        return try ResultLevel.allCases.flatMap { level in
            try progress.framework.indicators(at: level).map { entry in
                let value = latest[entry.path]
                return IndicatorDTO(
                    path: entry.path.description, area: entry.area.key, level: level.rawValue, result: entry.result.statement,
                    description: entry.indicator.description, baseline: entry.indicator.baseline, target: entry.indicator.target,
                    unit: entry.indicator.unit, latest: value?.actual,
                    met: value.flatMap { IndicatorProgress.isMet(baseline: entry.indicator.baseline, target: entry.indicator.target,
                                                                 actual: $0.actual, achieved: $0.achieved) },
                    values: try progress.history(entry.path).map { ValueDTO(report: $0.report.slug, value: $0.value.actual, comment: $0.value.comment) })
            }
        }
    }

    private static func timestamp(_ moment: Date) -> String { ISO8601DateFormatter().string(from: moment) }
}
