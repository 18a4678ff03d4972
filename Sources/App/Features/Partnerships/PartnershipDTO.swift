import TandemCore
import Vapor

/// A partnership as the API shows it (and as the audit log records it).
struct PartnershipDTO: Content {
    struct ParticipantDTO: Content {
        let state: String
        let name: String
        let role: String
    }

    let code: String
    let status: String
    let scope: String?
    let start: String?
    let end: String?
    let participants: [ParticipantDTO]
    let visits: [VisitDTO]

    /// - Parameter states: where names and regional groups come from; without it names are codes.
    init(_ partnership: Partnership, states: StatesDirectory?, language: Language) {
        code = partnership.code
        status = partnership.status.rawValue
        scope = states.map { PartnershipScope.of(partnership, groupOf: $0.groupOf).rawValue }
        start = partnership.start?.description
        end = partnership.end?.description
        participants = partnership.participants.map {
            ParticipantDTO(state: $0.iso3, name: states?.name($0.iso3, in: language) ?? $0.iso3, role: $0.role.rawValue)
        }
        visits = partnership.visits.map { VisitDTO($0, partnership: partnership.code, states: states, language: language) }
    }

    /// Unknown dates are written as `null`, not left out, so every partnership has the same keys.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(status, forKey: .status)
        try container.encode(scope, forKey: .scope)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(participants, forKey: .participants)
        try container.encode(visits, forKey: .visits)
    }
}

struct VisitDTO: Content {
    let partnership: String
    let host: String
    let hostName: String
    let visitor: String
    let visitorName: String
    let year: Int
    let start: String?
    let end: String?
    let status: String
    let note: String

    enum CodingKeys: String, CodingKey {
        case partnership, host, visitor, year, start, end, status, note
        case hostName = "host_name"
        case visitorName = "visitor_name"
    }

    init(_ visit: Visit, partnership: String, states: StatesDirectory?, language: Language) {
        self.partnership = partnership
        host = visit.host
        hostName = states?.name(visit.host, in: language) ?? visit.host
        visitor = visit.visitor
        visitorName = states?.name(visit.visitor, in: language) ?? visit.visitor
        year = visit.year
        start = visit.start?.description
        end = visit.end?.description
        status = visit.status.rawValue
        note = visit.note
    }

    /// Unknown dates are written as `null`, not left out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(partnership, forKey: .partnership)
        try container.encode(host, forKey: .host)
        try container.encode(hostName, forKey: .hostName)
        try container.encode(visitor, forKey: .visitor)
        try container.encode(visitorName, forKey: .visitorName)
        try container.encode(year, forKey: .year)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(status, forKey: .status)
        try container.encode(note, forKey: .note)
    }
}
