import TandemCore
import Vapor

/// The programme statistics as the API returns them; the keys are part of the API's contract.
struct StatisticsDTO: Content {
    struct GroupPair: Content {
        let groups: [String]
        let count: Int
    }

    struct RepeatParticipant: Content {
        let state: String
        let name: String
        let partnerships: Int
    }

    let participatingStates: Int
    let shareOfStatesPartiesPercent: Int
    let statesPartiesTotal: Int
    let partnerships: Int
    let regionalPartnerships: Int
    let interregionalPartnerships: Int
    let regionalByGroup: [String: Int]
    let interregionalByGroupPair: [GroupPair]
    let participantsByGroup: [String: Int]
    let repeatParticipants: [RepeatParticipant]
    let visitsByYear: [String: Int]
    let visitsTotal: Int
    let annualVisitCap: Int
    let plannedVisits: Int

    enum CodingKeys: String, CodingKey {
        case participatingStates = "participating_states"
        case shareOfStatesPartiesPercent = "share_of_states_parties_percent"
        case statesPartiesTotal = "states_parties_total"
        case partnerships
        case regionalPartnerships = "regional_partnerships"
        case interregionalPartnerships = "interregional_partnerships"
        case regionalByGroup = "regional_by_group"
        case interregionalByGroupPair = "interregional_by_group_pair"
        case participantsByGroup = "participants_by_group"
        case repeatParticipants = "repeat_participants"
        case visitsByYear = "visits_by_year"
        case visitsTotal = "visits_total"
        case annualVisitCap = "annual_visit_cap"
        case plannedVisits = "planned_visits"
    }

    init(_ stats: ProgrammeStatistics) {
        participatingStates = stats.participatingStates
        shareOfStatesPartiesPercent = stats.shareOfStatesPartiesPercent
        statesPartiesTotal = stats.statesPartiesTotal
        partnerships = stats.partnerships
        regionalPartnerships = stats.regionalPartnerships
        interregionalPartnerships = stats.interregionalPartnerships
        regionalByGroup = Dictionary(uniqueKeysWithValues: stats.regionalByGroup.map { ($0.key.rawValue, $0.value) })
        interregionalByGroupPair = stats.interregionalByGroupPair.map { GroupPair(groups: $0.groups.map(\.rawValue), count: $0.count) }
        participantsByGroup = Dictionary(uniqueKeysWithValues: stats.participantsByGroup.map { ($0.key.rawValue, $0.value) })
        repeatParticipants = stats.repeatParticipants.map { RepeatParticipant(state: $0.iso3, name: $0.name, partnerships: $0.partnerships) }
        visitsByYear = Dictionary(uniqueKeysWithValues: stats.visitsByYear.map { ("\($0.key)", $0.value) })
        visitsTotal = stats.visitsTotal
        annualVisitCap = stats.annualVisitCap
        plannedVisits = stats.plannedVisits
    }
}
