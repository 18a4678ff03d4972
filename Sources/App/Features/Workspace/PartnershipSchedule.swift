import Fluent
import Foundation
import TandemCore

/// Something a partnership owes by a day: the dates of its next visit, or a report.
struct Deadline: Equatable {
    enum Kind: String {
        /// The last day to give the Secretariat the next visit's dates in time.
        case visitNotice = "visit_notice"
        case report
    }

    let kind: Kind
    /// Names it for the record of reminders sent: `report:<id>`, `visit-notice:<partnership>:<visit number>`.
    let key: String
    let due: CivilDate
    /// The report's kind, or the number of the visit (1 or 2).
    let subject: String
    let partnershipCode: String
    let href: String
}

/// When a partnership's reports fall due and what it owes next, from its visits and its call's rules.
enum PartnershipSchedule {
    /// Sets each report's due date from the visits as they now stand (a report already accepted keeps its own).
    static func refreshDueDates(_ record: PartnershipRecord, rules: ProgrammeRules, on db: any Database) async throws {
        let visits = try record.plannedVisits
        for report in record.reports where try report.reportKind != .followUp && report.reportStatus != .accepted {
            let due = ReportSchedule.due(try report.reportKind, visits: visits, rules: rules)?.description
            if report.dueOn != due {
                report.dueOn = due
                try await report.save(on: db)
            }
        }
    }

    /// Everything the partnership still owes, soonest first.
    static func deadlines(_ record: PartnershipRecord, rules: ProgrammeRules) throws -> [Deadline] {
        // The history is a record of what was done: nothing in it falls due any more.
        guard try record.model.partnershipStatus == .active, !record.model.isHistory else { return [] }
        let id = record.model.id?.uuidString ?? record.code
        var deadlines: [Deadline] = []
        let visits = try record.plannedVisits
        if visits.isEmpty, let suggested = record.model.suggestedFirstVisit.flatMap(CivilDate.init(iso:)) {
            deadlines.append(Deadline(kind: .visitNotice, key: "visit-notice:\(id):1", due: suggested.adding(days: -7 * rules.noticeWeeks),
                                      subject: "1", partnershipCode: record.code, href: record.href + "/visits/new"))
        } else if let last = VisitRules.lastNoticeDay(visits: visits, rules: rules) {
            let number = visits.count + 1
            deadlines.append(Deadline(kind: .visitNotice, key: "visit-notice:\(id):\(number)", due: last,
                                      subject: String(number), partnershipCode: record.code, href: record.href + "/visits/new"))
        }
        for report in record.reports where try report.isWithPartners {
            guard let due = report.due, let reportID = report.id else { continue }
            deadlines.append(Deadline(kind: .report, key: "report:\(reportID.uuidString)", due: due, subject: report.kind,
                                      partnershipCode: record.code, href: record.href + "/reports/\(report.slug)"))
        }
        return deadlines.sorted { $0.due < $1.due }
    }

    /// The rules of the call the partnership belongs to, or the current ones.
    static func rules(of partnership: PartnershipModel, on db: any Database) async throws -> ProgrammeRules {
        guard let callID = partnership.$call.id, let call = try await CallModel.find(callID, on: db) else { return .current }
        return try call.value().rules
    }

    /// The rules of each partnership's call, by partnership, in one query.
    static func rules(of partnerships: [PartnershipModel], on db: any Database) async throws -> [UUID: ProgrammeRules] {
        let callIDs = Set(partnerships.compactMap { $0.$call.id })
        guard !callIDs.isEmpty else { return [:] }
        let calls = Dictionary(uniqueKeysWithValues: try await CallModel.query(on: db).filter(\.$id ~~ Array(callIDs)).all()
            .map { (try $0.requireID(), try $0.value().rules) })
        return Dictionary(uniqueKeysWithValues: try partnerships.map { (try $0.requireID(), $0.$call.id.flatMap { calls[$0] } ?? .current) })
    }
}
