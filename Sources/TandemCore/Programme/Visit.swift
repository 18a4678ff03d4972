public enum VisitStatus: String, CaseIterable, Codable, Sendable {
    /// A visit of the programme's history that was expected and never recorded as made.
    case planned
    /// Dates put to the Secretariat by the partners; every rule checked.
    case proposed
    /// Accepted by the Secretariat, which arranges the sponsorship.
    case confirmed
    case completed
    case cancelled

    /// Still to happen: counted against the yearly cap and the partnership's two visits.
    public var isUpcoming: Bool { self == .planned || self == .proposed || self == .confirmed }
}

/// An exchange visit: a delegation of one National Authority received by another.
public struct Visit: Hashable, Sendable {
    public let host: String
    public let visitor: String
    public let start: CivilDate?
    public let end: CivilDate?
    /// Known even when the days are not: a visit "planned for 2020".
    public let year: Int
    public let status: VisitStatus
    public let note: String

    public init(host: String, visitor: String, start: CivilDate?, end: CivilDate?, year: Int,
                status: VisitStatus, note: String = "") {
        self.host = host
        self.visitor = visitor
        self.start = start
        self.end = end
        self.year = year
        self.status = status
        self.note = note
    }
}
