import Fluent
import Foundation
import TandemCore
import Vapor

/// The programme's visits and reports as CSV, for the Secretariat's own spreadsheets and reports: every
/// partnership of the current programme (the 2012-2019 history has its public export).
enum ProgrammeExports {
    static func visits(_ req: Request) async throws -> Response {
        let header = ["partnership", "visit", "host", "visitor", "start", "end", "status", "notified_on", "delegates", "sponsored",
                      "management", "women", "men", "other_gender", "gender_undisclosed", "override_reason", "cancel_reason"]
        var rows: [[String]] = []
        for record in try await records(req) {
            for (index, visit) in record.visits.enumerated() {
                let delegates = visit.delegates
                func count(_ gender: Gender?) -> String { String(delegates.filter { $0.gender == gender?.rawValue }.count) }
                rows.append([record.code, String(index + 1), visit.hostISO3, visit.visitorISO3, visit.startDate ?? "", visit.endDate ?? "",
                             visit.status, visit.notifiedOn ?? "", String(delegates.count), String(delegates.filter(\.sponsored).count),
                             String(delegates.filter { $0.role == DelegateRole.management.rawValue }.count),
                             count(.woman), count(.man), count(.other), count(nil), visit.overrideReason ?? "", visit.cancelReason ?? ""])
            }
        }
        return Response.download(CSVWriter.write(header: header, rows: rows), filename: "visits.csv")
    }

    static func reports(_ req: Request) async throws -> Response {
        let header = ["partnership", "report", "sequence", "due_on", "status", "drafted_by", "cosigned_by", "submitted_at", "accepted_at", "overdue"]
        let today = CivilDate(utc: req.application.clock.now())
        var rows: [[String]] = []
        for record in try await records(req) {
            for report in record.reports {
                let overdue = try report.isWithPartners && report.due.map { $0 < today } == true
                rows.append([record.code, report.kind, String(report.sequence), report.dueOn ?? "", report.status, report.draftedByISO3 ?? "",
                             report.cosignedByISO3 ?? "", report.submittedAt.map(timestamp) ?? "", report.acceptedAt.map(timestamp) ?? "",
                             overdue ? "yes" : "no"])
            }
        }
        return Response.download(CSVWriter.write(header: header, rows: rows), filename: "reports.csv")
    }

    private static func records(_ req: Request) async throws -> [PartnershipRecord] {
        try await PartnershipRecord.load(
            try await PartnershipModel.query(on: req.db).filter(\.$source != PartnershipModel.fromHistory).sort(\.$code).all(), on: req.db)
    }

    private static func timestamp(_ moment: Date) -> String { ISO8601DateFormatter().string(from: moment) }
}
