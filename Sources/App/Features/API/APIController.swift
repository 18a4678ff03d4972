import TandemCore
import Vapor

/// The JSON API, version 1. Every list is paginated and every error is `{"error": {"code", "message"}}`.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("states", use: states)
        api.get("states", ":iso3", use: state)
        api.get("partnerships", use: partnerships)
        api.get("partnerships", ":code", use: partnership)
        api.get("visits", use: visits)
        api.get("programme", "statistics", use: statistics)
        api.get("openapi.json", use: openAPI)
    }

    @Sendable func states(req: Request) async throws -> Paginated<StatePartyDTO> {
        let query = req.apiQuery
        let group = try query.value("group", expected: "one of africa, asia, eastern-europe, grulac, weog", RegionalGroup.init(slug:))
        let text = try query.string("q", maxLength: 100)
        let paging = try PageRequest(query)
        return Paginated(req.states.search(text, group: group).map(StatePartyDTO.init), paging)
    }

    @Sendable func state(req: Request) async throws -> StateProfileDTO {
        let code = req.parameters.get("iso3") ?? ""
        guard code.count == 3, let state = req.states[code] else {
            throw APIError.notFound("No State Party has the code \"\(code.prefix(10))\".")
        }
        let partnerships = try await req.partnerships.involving(state.iso3)
        let dtos = partnerships.map { PartnershipDTO($0, states: req.states, language: .en) }
        return StateProfileDTO(state: StatePartyDTO(state), partnerships: dtos, visits: dtos.flatMap(\.visits))
    }

    @Sendable func partnerships(req: Request) async throws -> Paginated<PartnershipDTO> {
        let query = req.apiQuery
        let filter = try PartnershipsController.filter(query)
        let paging = try PageRequest(query)
        let found = try await req.partnerships.all()
            .filter { filter.matches($0, groupOf: req.states.groupOf) }
        return Paginated(found.map { PartnershipDTO($0, states: req.states, language: .en) }, paging)
    }

    @Sendable func partnership(req: Request) async throws -> PartnershipDTO {
        let code = req.parameters.get("code") ?? ""
        guard let found = try await req.partnerships.find(code: code.uppercased()) else {
            throw APIError.notFound("No partnership has the code \"\(code.prefix(20))\".")
        }
        return PartnershipDTO(found, states: req.states, language: .en)
    }

    @Sendable func visits(req: Request) async throws -> Paginated<VisitDTO> {
        let query = req.apiQuery
        let year = try query.int("year", in: 1900...2999)
        let status = try query.choice("status", VisitStatus.self)
        let state = try query.stateCode("state")
        let paging = try PageRequest(query)
        let visits = try await req.partnerships.all().flatMap { partnership in
            partnership.visits
                .filter { visit in
                    (year == nil || visit.year == year) && (status == nil || visit.status == status)
                        && (state == nil || visit.host == state || visit.visitor == state)
                }
                .map { VisitDTO($0, partnership: partnership.code, states: req.states, language: .en) }
        }
        return Paginated(visits.sorted { ($0.year, $0.start ?? "9999") < ($1.year, $1.start ?? "9999") }, paging)
    }

    @Sendable func statistics(req: Request) async throws -> StatisticsDTO {
        try await StatisticsDTO(StatisticsController.compute(req, language: .en))
    }

    @Sendable func openAPI(req: Request) async throws -> Response {
        try await req.fileio.asyncStreamFile(at: req.application.directory.resourcesDirectory + "OpenAPI/openapi.json",
                                             mediaType: .json)
    }
}
