/// The part a National Authority plays in a partnership.
public enum ParticipantRole: String, CaseIterable, Codable, Sendable {
    case mentor, mentee
}

public enum PartnershipStatus: String, CaseIterable, Codable, Sendable {
    /// Set up by the Secretariat and not yet under way.
    case proposed
    /// Agreed, with visits still to be made.
    case active
    /// Every visit made.
    case completed
    /// Ended before its visits were all made, for a reason recorded with it.
    case closed
}

/// A State Party taking part in a partnership, and in what role.
public struct Participant: Hashable, Codable, Sendable {
    public let iso3: String
    public let role: ParticipantRole

    public init(iso3: String, role: ParticipantRole) {
        self.iso3 = iso3
        self.role = role
    }
}

/// Two or more National Authorities working together under the programme, and the visits between them.
public struct Partnership: Hashable, Sendable {
    /// Stable public identifier, e.g. `2016-GBR-MWI` (first year, mentor, mentee).
    public let code: String
    public let participants: [Participant]
    public let start: CivilDate?
    public let end: CivilDate?
    public let status: PartnershipStatus
    public let visits: [Visit]

    public init(code: String, participants: [Participant], start: CivilDate?, end: CivilDate?,
                status: PartnershipStatus, visits: [Visit]) {
        self.code = code
        self.participants = participants
        self.start = start
        self.end = end
        self.status = status
        self.visits = visits
    }

    public var states: [String] { participants.map(\.iso3) }

    public func states(in role: ParticipantRole) -> [String] {
        participants.filter { $0.role == role }.map(\.iso3)
    }

    /// Two years with nothing done: twice the window in which a partnership's visits are made.
    public static let lapsesAfterMonths = 24

    /// The day of its last visit made (or its start), when it is still recorded as active but nothing has been
    /// done or planned for `lapsesAfterMonths` (a partnership of the programme's history whose return visit was never
    /// made, or one nobody closed): pages then say it was not completed rather than show it as under way. Nil
    /// otherwise. A visit planned without days counts until the end of its year.
    public func lapsed(on today: CivilDate) -> CivilDate? {
        guard status == .active else { return nil }
        let standing = visits.filter { $0.status != .cancelled }
        let planned = standing.compactMap { $0.end ?? $0.start ?? CivilDate(year: $0.year, month: 12, day: 31) }
        let made = standing.filter { $0.status == .completed }.compactMap { $0.end ?? $0.start }
        guard let latest = (planned + [start].compactMap { $0 }).max(), latest.adding(months: Self.lapsesAfterMonths) < today else { return nil }
        return (made + [start].compactMap { $0 }).max() ?? latest
    }

    /// The code a partnership between a mentor and a mentee starting in `year` gets.
    public static func code(year: Int, mentor: String, mentee: String) -> String {
        "\(year)-\(mentor)-\(mentee)"
    }
}
