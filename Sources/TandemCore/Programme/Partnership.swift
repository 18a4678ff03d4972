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

    /// The code a partnership between a mentor and a mentee starting in `year` gets.
    public static func code(year: Int, mentor: String, mentee: String) -> String {
        "\(year)-\(mentor)-\(mentee)"
    }
}
