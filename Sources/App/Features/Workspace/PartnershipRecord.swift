import Fluent
import TandemCore
import Vapor

/// A partnership with what its workspace shows: participants, visits with their delegations, and reports.
/// Loading it checks that the reader may see it: the partners' focal points and the Secretariat only.
struct PartnershipRecord {
    let model: PartnershipModel
    let participants: [ParticipantModel]
    /// In the order they were planned.
    let visits: [VisitModel]
    let reports: [ReportModel]

    var states: [String] { participants.map(\.stateISO3) }
    var code: String { model.code }
    var href: String { "/partnerships/\(model.code)" }

    func states(in role: ParticipantRole) -> [String] {
        participants.filter { $0.role == role.rawValue }.map(\.stateISO3)
    }

    /// Visits that still count: not cancelled, with their days.
    var plannedVisits: [VisitPlan] {
        get throws { try visits.filter { try $0.visitStatus != .cancelled }.compactMap(\.plan).sorted { $0.start < $1.start } }
    }

    func report(_ slug: String) -> ReportModel? { reports.first { $0.slug == slug } }

    /// The day of its last activity, if it is recorded as active with nothing done for two years (`Partnership.lapsed`).
    func lapsed(on today: CivilDate) -> CivilDate? {
        Partnership(code: model.code, participants: [], start: model.startDate.flatMap(CivilDate.init(iso:)), end: nil,
                    status: PartnershipStatus(rawValue: model.status) ?? .active, visits: visits.map(\.value)).lapsed(on: today)
    }

    /// A visit's number as people count it: its place among the visits that stand (see `VisitNumbering`); nil
    /// once cancelled. Addresses keep the order of planning (`/visits/3`), so a link never moves.
    func place(of visit: VisitModel) -> Int? {
        guard let index = visits.firstIndex(where: { $0 === visit || ($0.id != nil && $0.id == visit.id) }) else { return nil }
        return VisitNumbering.places(standing: visits.map { $0.status != VisitStatus.cancelled.rawValue })[index]
    }

    /// "Visit 2", or "Cancelled visit".
    func visitName(_ visit: VisitModel, _ req: Request) -> String {
        visitName(visit, req.localizer, req.language)
    }

    func visitName(_ visit: VisitModel, _ localizer: Localizer, _ language: Language) -> String {
        place(of: visit).map { localizer.text("visit_title", language, ["number": String($0)]) } ?? localizer.text("visit_cancelled_title", language)
    }

    /// The guarded write that opens a change of what the programme's rules check across the partnership (its
    /// visits): it goes ahead only if nobody changed the partnership since it was read.
    func claim(on db: any Database) async throws {
        model.version = try await db.claim(PartnershipModel.schema, id: try model.requireID(), version: model.version,
                                           entity: "partnership")
    }

    /// The partnership at `code`, or 404; 403 unless the reader may see it (and, with `editing`, change it).
    static func load(_ req: Request, code: String? = nil, editing: Bool = false) async throws -> PartnershipRecord {
        let code = (code ?? req.parameters.get("code") ?? "").uppercased()
        guard let record = try await find(code: code, on: req.db) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let action: Action = editing ? .editPartnership(states: record.states) : .readPartnership(states: record.states)
        guard AccessPolicy.decide(req.actor, action).isAllowed else {
            throw Abort(.forbidden, reason: req.text("workspace_not_yours"))
        }
        if editing, record.model.isHistory {
            throw Abort(.conflict, reason: req.text("workspace_history_read_only"))
        }
        return record
    }

    static func find(code: String, on db: any Database) async throws -> PartnershipRecord? {
        guard let model = try await PartnershipModel.query(on: db).filter(\.$code == code).first() else { return nil }
        return try await load(model, on: db)
    }

    static func load(_ model: PartnershipModel, on db: any Database) async throws -> PartnershipRecord {
        try await load([model], on: db)[0]
    }

    /// The records of several partnerships in four queries, whatever their number: lists never ask per row.
    static func load(_ models: [PartnershipModel], on db: any Database) async throws -> [PartnershipRecord] {
        guard !models.isEmpty else { return [] }
        let ids = try models.map { try $0.requireID() }
        let participants = Dictionary(grouping: try await ParticipantModel.query(on: db).filter(\.$partnership.$id ~~ ids)
            .sort(\.$position).all(), by: \.$partnership.id)
        let visits = Dictionary(grouping: try await VisitModel.query(on: db).filter(\.$partnership.$id ~~ ids).with(\.$delegates)
            .sort(\.$position).all(), by: \.$partnership.id)
        let reports = Dictionary(grouping: try await ReportModel.query(on: db).filter(\.$partnership.$id ~~ ids)
            .sort(\.$createdAt).sort(\.$sequence).all(), by: \.$partnership.id)
        return try models.map { model in
            let id = try model.requireID()
            return PartnershipRecord(model: model, participants: participants[id] ?? [], visits: visits[id] ?? [], reports: reports[id] ?? [])
        }
    }

    /// The state the reader acts for in this partnership, if they are one of its focal points.
    func actingState(_ req: Request) -> String? {
        guard let state = req.currentUser?.stateISO3, req.currentUser?.role == Role.focalPoint.rawValue, states.contains(state) else { return nil }
        return state
    }

    func canManage(_ req: Request) -> Bool { AccessPolicy.decide(req.actor, .manageProgramme).isAllowed }

    func canEdit(_ req: Request) -> Bool {
        !model.isHistory && AccessPolicy.decide(req.actor, .editPartnership(states: states)).isAllowed
    }
}
