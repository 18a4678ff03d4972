/// Whether a partnership stays within one regional group or joins several.
public enum PartnershipScope: String, CaseIterable, Codable, Sendable {
    case regional, interregional

    public static func of(_ partnership: Partnership, groupOf: [String: RegionalGroup]) -> PartnershipScope {
        Set(partnership.states.compactMap { groupOf[$0] }).count > 1 ? .interregional : .regional
    }
}

/// The ways a list of partnerships can be narrowed; every criterion left nil matches everything.
public struct PartnershipFilter: Equatable, Sendable {
    /// A year in which the partnership had a visit, made or planned.
    public var year: Int?
    /// A regional group at least one participant belongs to.
    public var group: RegionalGroup?
    public var scope: PartnershipScope?
    /// A State Party taking part.
    public var state: String?

    public init(year: Int? = nil, group: RegionalGroup? = nil, scope: PartnershipScope? = nil, state: String? = nil) {
        self.year = year
        self.group = group
        self.scope = scope
        self.state = state
    }

    public func matches(_ partnership: Partnership, groupOf: [String: RegionalGroup]) -> Bool {
        if let year, !partnership.visits.contains(where: { $0.year == year }) && partnership.start?.year != year {
            return false
        }
        if let group, !partnership.states.contains(where: { groupOf[$0] == group }) { return false }
        if let scope, PartnershipScope.of(partnership, groupOf: groupOf) != scope { return false }
        if let state, !partnership.states.contains(state) { return false }
        return true
    }

    /// The years that have anything to filter by, newest first.
    public static func years(in partnerships: [Partnership]) -> [Int] {
        Set(partnerships.flatMap { $0.visits.map(\.year) }).sorted(by: >)
    }
}
