import Fluent
import Foundation
import TandemCore

final class VisitModel: Model, @unchecked Sendable {
    static let schema = "visits"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partnership_id") var partnership: PartnershipModel
    @Field(key: "host_iso3") var hostISO3: String
    @Field(key: "visitor_iso3") var visitorISO3: String
    @OptionalField(key: "start_date") var startDate: String?
    @OptionalField(key: "end_date") var endDate: String?
    @Field(key: "year") var year: Int
    @Field(key: "status") var status: String
    @Field(key: "note") var note: String
    /// First visit, return visit, ...
    @Field(key: "position") var position: Int
    /// The day the dates reached the Secretariat.
    @OptionalField(key: "notified_on") var notifiedOn: String?
    /// The days with their sessions, JSON (`[AgendaDay]`).
    @OptionalField(key: "agenda") var agenda: String?
    /// Secretariat staff taking part, one per line.
    @OptionalField(key: "secretariat") var secretariat: String?
    /// Why the Secretariat confirmed a visit that breaks a rule.
    @OptionalField(key: "override_reason") var overrideReason: String?
    @OptionalField(key: "cancel_reason") var cancelReason: String?
    @OptionalField(key: "proposed_by") var proposedBy: String?
    @OptionalField(key: "confirmed_by") var confirmedBy: String?
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    /// Raised by every save of the visit's sponsorship costs, which guards the Secretariat's form (see `Database.claim`).
    @Field(key: "costs_version") var costsVersion: Int
    @Children(for: \.$visit) var delegates: [DelegateModel]

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $partnership, $hostISO3, $visitorISO3, $startDate, $endDate, $year, $status, $note, $position, $notifiedOn, $agenda, $secretariat, $overrideReason, $cancelReason, $proposedBy, $confirmedBy, $confirmedAt, $costsVersion, $delegates] }

    init() {}

    init(_ visit: Visit, partnershipID: UUID, position: Int) {
        self.$partnership.id = partnershipID
        hostISO3 = visit.host
        visitorISO3 = visit.visitor
        startDate = visit.start?.description
        endDate = visit.end?.description
        year = visit.year
        status = visit.status.rawValue
        note = visit.note
        self.position = position
        costsVersion = 0
    }

    var visitStatus: VisitStatus { get throws { try StoredValue.read(VisitStatus.self, status, column: "visits.status") } }

    /// The visit as the rules see it, when it has its days.
    var plan: VisitPlan? {
        guard let start = startDate.flatMap(CivilDate.init(iso:)), let end = endDate.flatMap(CivilDate.init(iso:)) else { return nil }
        return VisitPlan(host: hostISO3, visitor: visitorISO3, start: start, end: end,
                         notifiedOn: notifiedOn.flatMap(CivilDate.init(iso:)) ?? start)
    }

    func agendaDays() throws -> [AgendaDay] {
        try agenda.map { try StoredValue.document([AgendaDay].self, $0, column: "visits.agenda") } ?? []
    }

    var value: Visit {
        Visit(host: hostISO3, visitor: visitorISO3, start: startDate.flatMap(CivilDate.init(iso:)),
              end: endDate.flatMap(CivilDate.init(iso:)), year: year,
              status: VisitStatus(rawValue: status) ?? .planned, note: note)
    }
}
