/// Suggestions that connect a State Party's open need with what others offer (projects, opportunities, experts,
/// the programme's mentors), scored on the codes both share, each with the reasons it was suggested. An offer
/// is suggested only in the need's thematic area, only while it is open, and only where it may serve the state.
public enum NeedSuggestions {
    /// Where a need is and what it asks for.
    public struct Need: Equatable, Sendable {
        public var state: String
        public var group: RegionalGroup
        public var subregion: String
        public var area: String
        /// The languages the state works in.
        public var languages: Set<String>
        /// `Vocabulary.assistanceType` codes.
        public var assistance: Set<String>

        public init(state: String, group: RegionalGroup, subregion: String, area: String, languages: Set<String>, assistance: Set<String>) {
            self.state = state
            self.group = group
            self.subregion = subregion
            self.area = area
            self.languages = languages
            self.assistance = assistance
        }
    }

    /// What an offer covers. Empty states, groups or languages mean "any".
    public struct Offer: Equatable, Sendable {
        public var id: String
        public var areas: Set<String>
        /// The States Parties it is for (its countries, or who may apply); empty when it is open to all.
        public var states: Set<String>
        /// The regional groups of those states, and of the offer's regions.
        public var groups: Set<RegionalGroup>
        public var subregions: Set<String>
        public var languages: Set<String>
        public var assistance: Set<String>
        /// The last day it can serve (an opportunity's deadline, an expert's lapse); nil when it does not end.
        public var openUntil: CivilDate?

        public init(id: String, areas: Set<String>, states: Set<String> = [], groups: Set<RegionalGroup> = [], subregions: Set<String> = [],
                    languages: Set<String> = [], assistance: Set<String> = [], openUntil: CivilDate? = nil) {
            self.id = id
            self.areas = areas
            self.states = states
            self.groups = groups
            self.subregions = subregions
            self.languages = languages
            self.assistance = assistance
            self.openUntil = openUntil
        }
    }

    /// Why an offer was suggested (locale key `suggestion_reason_RAW`).
    public enum Reason: String, CaseIterable, Codable, Sendable {
        case sameArea = "same_area"
        case namesTheState = "names_the_state"
        case sameGroup = "same_group"
        case sameSubregion = "same_subregion"
        case sharedLanguage = "shared_language"
        case assistanceSought = "assistance_sought"
    }

    /// Points per reason, out of 100.
    static let points: [Reason: Int] = [
        .sameArea: 40, .namesTheState: 15, .sameGroup: 10, .sameSubregion: 5, .sharedLanguage: 15, .assistanceSought: 15,
    ]

    public struct Suggestion: Equatable, Sendable {
        public let offer: String
        public let score: Int
        public let reasons: [Reason]
    }

    /// The offers that could serve `need`, best first (ties by id, so the order is stable).
    public static func suggest(for need: Need, among offers: [Offer], today: CivilDate, limit: Int = 10) -> [Suggestion] {
        offers.compactMap { offer -> Suggestion? in
            guard offer.areas.contains(need.area) else { return nil }
            if let until = offer.openUntil, until < today { return nil }
            // An offer for named states or regions serves only them.
            let restricted = !offer.states.isEmpty || !offer.groups.isEmpty
            let serves = offer.states.contains(need.state) || offer.groups.contains(need.group)
            guard !restricted || serves else { return nil }
            var reasons: [Reason] = [.sameArea]
            if offer.states.contains(need.state) { reasons.append(.namesTheState) }
            if offer.groups.contains(need.group) { reasons.append(.sameGroup) }
            if !need.subregion.isEmpty && offer.subregions.contains(need.subregion) { reasons.append(.sameSubregion) }
            if !offer.languages.isDisjoint(with: need.languages) { reasons.append(.sharedLanguage) }
            if !offer.assistance.isDisjoint(with: need.assistance) { reasons.append(.assistanceSought) }
            return Suggestion(offer: offer.id, score: reasons.reduce(0) { $0 + (points[$1] ?? 0) }, reasons: reasons)
        }
        .sorted { $0.score != $1.score ? $0.score > $1.score : $0.offer < $1.offer }
        .prefix(limit).map { $0 }
    }
}

/// Open needs against offers, by thematic area and regional group, to show where help is missing. An offer open
/// to all counts in every group; one for named states or regions counts in theirs.
public struct Coverage: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        public var needs = 0
        public var offers = 0

        /// Open needs and nothing offered: a gap.
        public var isGap: Bool { needs > 0 && offers == 0 }
    }

    public let areas: [String]
    public private(set) var cells: [String: [RegionalGroup: Cell]]

    public init(areas: [String], needs: [(area: String, group: RegionalGroup)], offers: [(areas: Set<String>, groups: Set<RegionalGroup>)]) {
        self.areas = areas
        var cells: [String: [RegionalGroup: Cell]] = [:]
        for area in areas { cells[area] = Dictionary(uniqueKeysWithValues: RegionalGroup.allCases.map { ($0, Cell()) }) }
        for need in needs where cells[need.area] != nil { cells[need.area]![need.group]!.needs += 1 }
        for offer in offers {
            for area in offer.areas where cells[area] != nil {
                for group in offer.groups.isEmpty ? Set(RegionalGroup.allCases) : offer.groups { cells[area]![group]!.offers += 1 }
            }
        }
        self.cells = cells
    }

    public subscript(area: String, group: RegionalGroup) -> Cell { cells[area]?[group] ?? Cell() }

    public var gaps: [(area: String, group: RegionalGroup)] {
        areas.flatMap { area in RegionalGroup.allCases.filter { self[area, $0].isGap }.map { (area, $0) } }
    }
}

extension NeedSuggestions {
    /// The assistance a record offers, in the needs' terms (`Vocabulary.assistanceType`): a course or a fellowship is
    /// training, a grant is funding, technical assistance is expert advice, an expert gives expert advice.
    public static func assistance(offeredBy kind: RecordKind, codes: [String: Set<String>]) -> Set<String> {
        var offered: Set<String> = kind == .expert ? ["expert_advice"] : []
        let byCode: [String: String] = [
            "course": "training", "fellowship": "training", "scholarship": "training", "internship": "training",
            "grant": "funding", "funding_call": "funding",
            "training_course": "training", "workshop": "training", "e_learning": "training", "exercise": "training",
            "technical_assistance": "expert_advice", "legislative_assistance": "legislative_drafting",
            "exchange_visit": "exchange_visit", "equipment": "equipment",
        ]
        for code in codes["opportunityKind", default: []].union(codes["activity", default: []]) {
            if let assistance = byCode[code] { offered.insert(assistance) }
        }
        return offered
    }

    /// The needs an offer could serve, best first: the same scoring seen from the offer's side.
    public static func needs(servedBy offer: Offer, among needs: [(id: String, need: Need)], today: CivilDate, limit: Int = 10) -> [Suggestion] {
        needs.compactMap { entry -> Suggestion? in
            suggest(for: entry.need, among: [offer], today: today, limit: 1).first
                .map { Suggestion(offer: entry.id, score: $0.score, reasons: $0.reasons) }
        }
        .sorted { $0.score != $1.score ? $0.score > $1.score : $0.offer < $1.offer }
        .prefix(limit).map { $0 }
    }
}
