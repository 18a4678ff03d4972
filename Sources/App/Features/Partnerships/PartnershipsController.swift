import TandemCore
import Vapor

/// The programme's partnerships: a filterable list and one page per partnership.
struct PartnershipsController: RouteCollection {
    struct IndexPage: Encodable, Hashable, Sendable {
        let rows: [PartnershipRow]
        let count: String
        let years: [SelectOption]
        let groups: [SelectOption]
        let scopes: [SelectOption]
        let csvHref: String
        let jsonHref: String
        let pager: PagerContext?
    }

    struct DetailPage: Encodable {
        struct ParticipantRow: Encodable {
            let state: Link
            let role: String
            let group: String
        }
        let title: String
        let code: String
        let status: String
        let scope: String
        let period: String
        let participants: [ParticipantRow]
        let visits: [VisitRow]
        let jsonHref: String
        /// For its partners' focal points and the Secretariat.
        let workspaceHref: String?
        /// The clearing-house records related to it that the reader may read.
        let records: [RecordRelations.Row]
    }

    func boot(routes: any RoutesBuilder) throws {
        let programme = routes.grouped("programme")
        programme.get("partnerships", use: index)
        programme.get("partnerships", ":code", use: detail)
    }

    /// Reads the list filters shared by the page and the API.
    static func filter(_ query: QueryReader) throws -> PartnershipFilter {
        PartnershipFilter(
            year: try query.int("year", in: 1900...2999),
            group: try query.value("group", expected: "one of africa, asia, eastern-europe, grulac, weog", RegionalGroup.init(slug:)),
            scope: try query.choice("scope", PartnershipScope.self),
            state: try query.stateCode("state"))
    }

    @Sendable func index(req: Request) async throws -> Response {
        let query = req.pageQuery
        let filter = try Self.filter(query)
        let all = try await req.partnerships.all()
        let found = all.filter { filter.matches($0, groupOf: req.states.groupOf) }
        let rows = ProgrammeRows(req)
        if try query.string("format") == "csv" {
            return csv(found, rows: rows)
        }
        let paging = try PageRequest(query, defaultLimit: 25)
        let language = req.language
        let localizer = req.localizer
        let page = IndexPage(
            rows: paging.slice(found).map { rows.row($0) },
            count: localizer.text("partnerships_count", language, count: found.count),
            years: PartnershipFilter.years(in: all).map { SelectOption(value: "\($0)", label: "\($0)", selected: $0 == filter.year) },
            groups: rows.groupOptions(selected: filter.group),
            scopes: PartnershipScope.allCases.map {
                SelectOption(value: $0.rawValue, label: localizer.text("scope_" + $0.rawValue, language), selected: $0 == filter.scope)
            },
            csvHref: req.link(replacing: ["format": "csv", "page": nil, "lang": nil]),
            jsonHref: req.link(replacing: ["page": nil, "lang": nil, "limit": "200"], path: "/api/v1/partnerships"),
            pager: Pager.make(req, paging, total: found.count))
        return try await req.renderListPage("partnerships/index", title: localizer.text("partnerships_title", language), page)
            .encodeResponse(for: req)
    }

    @Sendable func detail(req: Request) async throws -> View {
        let code = (req.parameters.get("code") ?? "").uppercased()
        guard let partnership = try await req.partnerships.find(code: code) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let rows = ProgrammeRows(req)
        let language = req.language
        let localizer = req.localizer
        let summary = rows.row(partnership)
        let page = DetailPage(
            title: summary.title,
            code: partnership.code,
            status: summary.status,
            scope: summary.scope,
            period: summary.years,
            participants: partnership.participants.map {
                DetailPage.ParticipantRow(
                    state: rows.stateLink($0.iso3),
                    role: localizer.text("role_" + $0.role.rawValue, language),
                    group: req.states[$0.iso3].map { localizer.groupName($0.regionalGroup, language) } ?? "")
            },
            visits: rows.visitRows(partnership),
            jsonHref: "/api/v1/partnerships/\(partnership.code)",
            workspaceHref: AccessPolicy.decide(req.actor, .readPartnership(states: partnership.states)).isAllowed
                ? "/partnerships/\(partnership.code)" : nil,
            records: try await RecordRelations(req: req).referring(to: RecordRelation(.partnership, key: partnership.code)))
        return try await req.renderPage("partnerships/detail", title: page.title, page)
    }

    private func csv(_ partnerships: [Partnership], rows: ProgrammeRows) -> Response {
        let header = ["code", "mentor", "mentee", "scope", "status", "start", "end",
                      "first_visit_host", "first_visit_year", "first_visit_status",
                      "return_visit_host", "return_visit_year", "return_visit_status"]
        let lines = partnerships.map { partnership -> [String] in
            var line = [partnership.code, partnership.states(in: .mentor).joined(separator: ";"),
                        partnership.states(in: .mentee).joined(separator: ";"),
                        PartnershipScope.of(partnership, groupOf: rows.states.groupOf).rawValue,
                        partnership.status.rawValue, partnership.start?.description ?? "", partnership.end?.description ?? ""]
            for index in 0..<2 {
                let visit = index < partnership.visits.count ? partnership.visits[index] : nil
                line += [visit?.host ?? "", visit.map { "\($0.year)" } ?? "", visit?.status.rawValue ?? ""]
            }
            return line
        }
        return Response.download(CSVWriter.write(header: header, rows: lines), filename: "partnerships.csv")
    }
}
