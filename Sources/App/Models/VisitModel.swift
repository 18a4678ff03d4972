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
    }

    var value: Visit {
        Visit(host: hostISO3, visitor: visitorISO3, start: startDate.flatMap(CivilDate.init(iso:)),
              end: endDate.flatMap(CivilDate.init(iso:)), year: year,
              status: VisitStatus(rawValue: status) ?? .planned, note: note)
    }
}
