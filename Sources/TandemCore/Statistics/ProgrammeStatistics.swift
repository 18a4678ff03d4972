/// The programme in figures, computed from plain values so that every figure can be checked by hand.
public struct ProgrammeStatistics: Equatable, Sendable {
    public struct GroupPairCount: Equatable, Sendable {
        public let groups: [RegionalGroup]
        public let count: Int
    }

    public struct RepeatParticipant: Equatable, Sendable {
        public let iso3: String
        public let name: String
        public let partnerships: Int
    }

    public let participatingStates: Int
    public let shareOfStatesPartiesPercent: Int
    public let statesPartiesTotal: Int
    public let partnerships: Int
    public let regionalPartnerships: Int
    public let interregionalPartnerships: Int
    public let regionalByGroup: [RegionalGroup: Int]
    public let interregionalByGroupPair: [GroupPairCount]
    public let participantsByGroup: [RegionalGroup: Int]
    public let repeatParticipants: [RepeatParticipant]
    public let visitsByYear: [Int: Int]
    public let visitsTotal: Int
    public let annualVisitCap: Int
    public let plannedVisits: Int

    /// - Parameters:
    ///   - states: every State Party (the denominator of the share, and where groups and names come from).
    ///   - annualVisitCap: the programme's yearly limit on visits, shown against the visits made.
    public init(partnerships: [Partnership], states: [StateParty], annualVisitCap: Int, language: Language = .en) {
        let groupOf = Dictionary(uniqueKeysWithValues: states.map { ($0.iso3, $0.regionalGroup) })
        let participating = Self.participatingStates(partnerships)
        self.participatingStates = participating.count
        self.statesPartiesTotal = states.count
        self.shareOfStatesPartiesPercent = Self.percent(participating.count, of: states.count)
        self.partnerships = partnerships.count
        let regional = Self.regionalByGroup(partnerships, groupOf: groupOf)
        self.regionalByGroup = regional
        self.regionalPartnerships = regional.values.reduce(0, +)
        self.interregionalByGroupPair = Self.interregionalByGroupPair(partnerships, groupOf: groupOf)
        self.interregionalPartnerships = interregionalByGroupPair.map(\.count).reduce(0, +)
        self.participantsByGroup = Self.participantsByGroup(participating, groupOf: groupOf)
        self.repeatParticipants = Self.repeatParticipants(partnerships, states: states, language: language)
        self.visitsByYear = Self.completedVisitsByYear(partnerships)
        self.visitsTotal = visitsByYear.values.reduce(0, +)
        self.annualVisitCap = annualVisitCap
        self.plannedVisits = Self.plannedVisits(partnerships)
    }

    /// Each State Party that took part in at least one partnership, once.
    public static func participatingStates(_ partnerships: [Partnership]) -> Set<String> {
        Set(partnerships.flatMap(\.states))
    }

    /// `part` as a whole percentage of `whole`, halves rounded up; 0 when there is no whole.
    public static func percent(_ part: Int, of whole: Int) -> Int {
        guard whole > 0 else { return 0 }
        return (part * 200 + whole) / (2 * whole)
    }

    /// The single regional group all of a partnership's participants belong to, or nil if it spans groups.
    public static func regionalGroup(of partnership: Partnership, groupOf: [String: RegionalGroup]) -> RegionalGroup? {
        let groups = Set(partnership.states.compactMap { groupOf[$0] })
        return groups.count == 1 ? groups.first : nil
    }

    /// Regional partnerships by their group; every group is present, with 0 where it has none.
    public static func regionalByGroup(_ partnerships: [Partnership], groupOf: [String: RegionalGroup]) -> [RegionalGroup: Int] {
        var counts = Dictionary(uniqueKeysWithValues: RegionalGroup.allCases.map { ($0, 0) })
        for partnership in partnerships {
            if let group = regionalGroup(of: partnership, groupOf: groupOf) { counts[group, default: 0] += 1 }
        }
        return counts
    }

    /// Interregional partnerships by the groups they join, largest first, then in group order.
    public static func interregionalByGroupPair(_ partnerships: [Partnership], groupOf: [String: RegionalGroup]) -> [GroupPairCount] {
        var counts: [[RegionalGroup]: Int] = [:]
        for partnership in partnerships {
            let groups = Set(partnership.states.compactMap { groupOf[$0] }).sorted()
            if groups.count > 1 { counts[groups, default: 0] += 1 }
        }
        return counts.map { GroupPairCount(groups: $0.key, count: $0.value) }
            .sorted { a, b in
                a.count != b.count ? a.count > b.count : a.groups.lexicographicallyPrecedes(b.groups)
            }
    }

    /// Participating States Parties by regional group, each state counted once; every group is present.
    public static func participantsByGroup(_ participating: Set<String>, groupOf: [String: RegionalGroup]) -> [RegionalGroup: Int] {
        var counts = Dictionary(uniqueKeysWithValues: RegionalGroup.allCases.map { ($0, 0) })
        for iso3 in participating {
            if let group = groupOf[iso3] { counts[group, default: 0] += 1 }
        }
        return counts
    }

    /// States Parties in more than one partnership, most partnerships first, then by name.
    public static func repeatParticipants(_ partnerships: [Partnership], states: [StateParty],
                                          language: Language = .en) -> [RepeatParticipant] {
        var counts: [String: Int] = [:]
        for partnership in partnerships {
            for iso3 in Set(partnership.states) { counts[iso3, default: 0] += 1 }
        }
        let names = Dictionary(uniqueKeysWithValues: states.map { ($0.iso3, $0.name(in: language)) })
        return counts.filter { $0.value > 1 }
            .map { RepeatParticipant(iso3: $0.key, name: names[$0.key] ?? $0.key, partnerships: $0.value) }
            .sorted { a, b in a.partnerships != b.partnerships ? a.partnerships > b.partnerships : a.name < b.name }
    }

    /// Completed visits by the year they took place, with 0 for the years between that had none.
    public static func completedVisitsByYear(_ partnerships: [Partnership]) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for visit in partnerships.flatMap(\.visits) where visit.status == .completed {
            counts[visit.year, default: 0] += 1
        }
        if let first = counts.keys.min(), let last = counts.keys.max() {
            for year in first...last where counts[year] == nil { counts[year] = 0 }
        }
        return counts
    }

    /// Visits planned and not yet made.
    public static func plannedVisits(_ partnerships: [Partnership]) -> Int {
        partnerships.flatMap(\.visits).filter(\.status.isUpcoming).count
    }
}
