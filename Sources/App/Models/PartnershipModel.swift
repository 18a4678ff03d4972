import Fluent
import Foundation
import TandemCore

final class PartnershipModel: Model, @unchecked Sendable {
    static let schema = "partnerships"

    @ID(key: .id) var id: UUID?
    /// Raised by every change; a change writes only if it is still the version it read (see `Database.claim`).
    @Field(key: "version") var version: Int
    @Field(key: "code") var code: String
    @Field(key: "status") var status: String
    /// ISO 8601 days (`YYYY-MM-DD`), portable across SQLite and PostgreSQL and sortable as text.
    @OptionalField(key: "start_date") var startDate: String?
    @OptionalField(key: "end_date") var endDate: String?
    /// Where the record came from: `history` for the 2012-2019 import, `proposal` for an agreed proposal,
    /// `secretariat` for one the Secretariat set up.
    @Field(key: "source") var source: String
    @OptionalParent(key: "call_id") var call: CallModel?
    @OptionalField(key: "proposal_id") var proposalID: UUID?
    /// The mentee's results framework when the partnership began, JSON; reports are generated from it.
    @OptionalField(key: "results_framework") var resultsFramework: String?
    @OptionalField(key: "closed_reason") var closedReason: String?
    /// The memorandum of understanding, when the partners sign one: the file under `UPLOADS_PATH` and its days.
    @OptionalField(key: "mou_file") var mouFile: String?
    @OptionalField(key: "mou_signed_on") var mouSignedOn: String?
    @OptionalField(key: "mou_expires_on") var mouExpiresOn: String?
    /// The first day the mentee's application suggested for the first visit.
    @OptionalField(key: "suggested_first_visit") var suggestedFirstVisit: String?
    @Children(for: \.$partnership) var participants: [ParticipantModel]
    @Children(for: \.$partnership) var visits: [VisitModel]
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $version, $code, $status, $startDate, $endDate, $source, $call, $proposalID, $resultsFramework, $closedReason, $mouFile, $mouSignedOn, $mouExpiresOn, $suggestedFirstVisit, $participants, $visits, $createdAt, $updatedAt] }

    init() {}

    init(_ partnership: Partnership, source: String) {
        self.version = 0
        code = partnership.code
        status = partnership.status.rawValue
        startDate = partnership.start?.description
        endDate = partnership.end?.description
        self.source = source
    }

    static let fromHistory = "history", fromProposal = "proposal", fromSecretariat = "secretariat"

    var isHistory: Bool { source == Self.fromHistory }

    var partnershipStatus: PartnershipStatus { get throws { try StoredValue.read(PartnershipStatus.self, status, column: "partnerships.status") } }

    func framework() throws -> ResultsFramework {
        try resultsFramework.map { try StoredValue.document(ResultsFramework.self, $0, column: "partnerships.results_framework") } ?? ResultsFramework()
    }

    /// The domain value; needs `participants` and `visits` eager-loaded.
    var value: Partnership {
        Partnership(
            code: code,
            participants: participants.sorted { ($0.position, $0.stateISO3) < ($1.position, $1.stateISO3) }
                .map { Participant(iso3: $0.stateISO3, role: ParticipantRole(rawValue: $0.role) ?? .mentee) },
            start: startDate.flatMap(CivilDate.init(iso:)),
            end: endDate.flatMap(CivilDate.init(iso:)),
            status: PartnershipStatus(rawValue: status) ?? .active,
            visits: visits.sorted { ($0.position, $0.year) < ($1.position, $1.year) }.map(\.value))
    }

    /// What the public pages and API show. The history as it was recorded; a current partnership once it is
    /// under way, with the days of a visit only once it is made (before then, its year), and without
    /// cancelled visits: travel plans of officials stay in the workspace.
    var publicValue: Partnership? {
        let full = value
        guard !isHistory else { return full }
        guard status != PartnershipStatus.proposed.rawValue else { return nil }
        let visits = full.visits.compactMap { visit -> Visit? in
            switch visit.status {
            case .cancelled: nil
            case .completed, .planned: visit
            case .proposed, .confirmed: Visit(host: visit.host, visitor: visit.visitor, start: nil, end: nil, year: visit.year, status: visit.status)
            }
        }
        return Partnership(code: full.code, participants: full.participants, start: full.start, end: full.end, status: full.status, visits: visits)
    }
}
