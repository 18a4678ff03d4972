import Fluent
import Foundation
import TandemCore
import Vapor

/// Starts a partnership: when both National Authorities accept a proposal, or when the Secretariat sets
/// one up. It inherits the mentee's results framework and each state's contact from their applications to
/// the call, and its three reports are there from the start, so the partners see what is due.
struct PartnershipStarter {
    let app: Application

    func start(mentor: String, mentee: String, call: CallModel?, proposalID: UUID?, status: PartnershipStatus,
               source: String, actor: String, on db: any Database) async throws -> PartnershipModel {
        let now = app.clock.now()
        let today = CivilDate(utc: now)
        let applications = try await self.applications(of: [mentor, mentee], to: call, on: db)
        let partnership = PartnershipModel(
            Partnership(code: try await freeCode(Partnership.code(year: today.year, mentor: mentor, mentee: mentee), on: db),
                        participants: [], start: today, end: nil, status: status, visits: []),
            source: source)
        partnership.$call.id = try call?.requireID()
        partnership.proposalID = proposalID
        partnership.resultsFramework = applications[mentee].map { StoredJSON.document($0.resultsFramework) }
        partnership.suggestedFirstVisit = applications[mentee]?.firstVisitFrom?.description
        try await partnership.create(on: db)
        let id = try partnership.requireID()
        for (position, entry) in [(mentor, ParticipantRole.mentor), (mentee, .mentee)].enumerated() {
            let participant = ParticipantModel(partnershipID: id, stateISO3: entry.0, role: entry.1.rawValue, position: position)
            if let form = applications[entry.0] {
                participant.leadName = form.contactPerson.isEmpty ? nil : form.contactPerson
                participant.leadEmail = form.emails.first
                participant.leadPhone = form.phone.isEmpty ? nil : form.phone
            }
            try await participant.create(on: db)
        }
        for kind in [ReportKind.interimFirst, .interimSecond, .final] {
            try await ReportModel(partnershipID: id, kind: kind, dueOn: nil).create(on: db)
        }
        try await Timeline.record("started_" + source, partnership: partnership, actor: actor, at: now, on: db)
        try await AuditLog.record(on: db, actor: actor, action: "create", entity: "partnership", key: partnership.code, before: nil,
                                  after: ["mentor": mentor, "mentee": mentee, "status": status.rawValue, "source": source])
        try await notify(partnership, states: [mentor, mentee], on: db, now: now)
        return partnership
    }

    /// The accepted applications of these states to the call, by state.
    private func applications(of states: [String], to call: CallModel?, on db: any Database) async throws -> [String: ApplicationForm] {
        guard let call else { return [:] }
        let models = try await ApplicationModel.query(on: db).filter(\.$call.$id == call.requireID())
            .filter(\.$stateISO3 ~~ states).filter(\.$status == ApplicationStatus.accepted.rawValue).all()
        return Dictionary(try models.map { ($0.stateISO3, try $0.value()) }, uniquingKeysWith: { first, _ in first })
    }

    /// `2026-GBR-MWI`, or `2026-GBR-MWI-2` when the same pair already started a partnership that year.
    private func freeCode(_ base: String, on db: any Database) async throws -> String {
        var code = base, number = 1
        while try await PartnershipModel.query(on: db).filter(\.$code == code).count() > 0 {
            number += 1
            code = "\(base)-\(number)"
        }
        return code
    }

    private func notify(_ partnership: PartnershipModel, states: [String], on db: any Database, now: Date) async throws {
        try await PartnerMail(app: app).send(.partnershipStarted, to: states, partnershipStates: states,
                                             path: "/partnerships/\(partnership.code)", on: db, now: now)
    }
}
