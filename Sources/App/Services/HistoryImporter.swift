import Fluent
import TandemCore

/// Writes the programme's past partnerships into the database in one transaction: all or nothing.
/// A partnership already present (same code) is left as it is, so importing twice changes nothing.
enum HistoryImporter {
    struct Summary: Equatable {
        var created: [String] = []
        var alreadyPresent: [String] = []
        var visitsCreated = 0
    }

    static let source = "history"

    static func load(_ history: ProgrammeHistory, on database: any Database, actor: String) async throws -> Summary {
        try await database.writeTransaction { db in
            let codes = history.partnerships.map(\.code)
            let present = Set(try await PartnershipModel.query(on: db).filter(\.$code ~~ codes).all().map(\.code))
            var summary = Summary()
            for partnership in history.partnerships {
                guard !present.contains(partnership.code) else {
                    summary.alreadyPresent.append(partnership.code)
                    continue
                }
                let model = PartnershipModel(partnership, source: source)
                try await model.create(on: db)
                let id = try model.requireID()
                for (position, participant) in partnership.participants.enumerated() {
                    try await ParticipantModel(partnershipID: id, stateISO3: participant.iso3,
                                               role: participant.role.rawValue, position: position).create(on: db)
                }
                for (position, visit) in partnership.visits.enumerated() {
                    try await VisitModel(visit, partnershipID: id, position: position).create(on: db)
                }
                try await AuditLog.record(on: db, actor: actor, action: "create", entity: "partnership",
                                          key: partnership.code, before: nil,
                                          after: PartnershipDTO(partnership, states: nil, language: .en))
                summary.created.append(partnership.code)
                summary.visitsCreated += partnership.visits.count
            }
            return summary
        }
    }
}
