import TandemCore
import Vapor

/// The States Parties directory and each state's profile page.
struct StatesController: RouteCollection {
    struct IndexPage: Encodable {
        struct Row: Encodable {
            let iso3: String
            let name: String
            let group: String
            let subregion: String
        }
        let rows: [Row]
        let count: String
        let query: String
        let groups: [SelectOption]
        let csvHref: String
        let jsonHref: String
        let pager: PagerContext?
    }

    struct ProfilePage: Encodable {
        let name: String
        let iso3: String
        let iso2: String
        let m49: String
        let names: [LabelValue]
        let group: String
        let groupHref: String
        let region: String
        let subregion: String
        let languages: String
        let aliases: String
        let partnerships: [PartnershipRow]
        let visits: [VisitRow]
        let summary: String
        let jsonHref: String
        let authority: NationalAuthorityController.AuthorityForm?
        /// Whether the person looking may edit this state's records (the route checks again).
        let editHref: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("states", use: index)
        routes.get("states", ":iso3", use: profile)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let query = req.pageQuery
        let text = try query.string("q", maxLength: 100)
        let group = try query.value("group", expected: "a regional group", RegionalGroup.init(slug:))
        let language = req.language
        let found = req.states.search(text, group: group, language: language)

        if try query.string("format") == "csv" {
            return csv(found, filename: "states-parties.csv")
        }
        let paging = try PageRequest(query, defaultLimit: PageRequest.maximumLimit)
        let rows = ProgrammeRows(req)
        let localizer = req.localizer
        let page = IndexPage(
            rows: paging.slice(found).map {
                .init(iso3: $0.iso3, name: $0.name(in: language),
                      group: localizer.groupName($0.regionalGroup, language),
                      subregion: localizer.regionName($0.subregion, language))
            },
            count: localizer.text("states_count", language, ["count": language.format(found.count)]),
            query: text ?? "",
            groups: rows.groupOptions(selected: group),
            csvHref: req.link(replacing: ["format": "csv", "page": nil, "lang": nil]),
            jsonHref: req.link(replacing: ["page": nil, "lang": nil, "limit": "200"], path: "/api/v1/states"),
            pager: Pager.make(req, paging, total: found.count))
        return try await req.renderPage("states/index", title: localizer.text("states_title", language), page)
            .encodeResponse(for: req)
    }

    @Sendable func profile(req: Request) async throws -> View {
        let code = req.parameters.get("iso3") ?? ""
        guard let state = req.states[code] else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        if code != state.iso3 {
            throw Abort.redirect(to: "/states/\(state.iso3)", redirectType: .permanent)
        }
        let language = req.language
        let localizer = req.localizer
        let partnerships = try await req.partnerships.involving(state.iso3)
        let rows = ProgrammeRows(req)
        let visits = partnerships.flatMap(rows.visitRows).sorted { $0.year < $1.year }
        let languageNames = state.languages.map { localizer.text("un_language_\($0)", language) }
        let page = ProfilePage(
            name: state.name(in: language),
            iso3: state.iso3, iso2: state.iso2, m49: state.m49,
            names: Language.allCases.map { LabelValue(label: localizer.text("profile_name_" + $0.rawValue, language), value: state.name(in: $0)) },
            group: localizer.groupName(state.regionalGroup, language),
            groupHref: "/states?group=\(state.regionalGroup.slug)",
            region: localizer.regionName(state.region, language),
            subregion: localizer.regionName(state.subregion, language),
            languages: languageNames.isEmpty ? "—" : languageNames.joined(separator: ", "),
            aliases: state.aliases.isEmpty ? "—" : state.aliases.joined(separator: "; "),
            partnerships: partnerships.map { rows.row($0, for: state.iso3) },
            visits: visits,
            summary: partnerships.isEmpty
                ? localizer.text("profile_no_participation", language)
                : localizer.text("profile_participation", language, [
                    "partnerships": language.format(partnerships.count),
                    "visits": language.format(visits.count),
                ]),
            jsonHref: "/api/v1/states/\(state.iso3)",
            authority: try await NationalAuthorityController.authority(state.iso3, on: req.db).map(NationalAuthorityController.AuthorityForm.init),
            editHref: AccessPolicy.decide(req.actor, .editStateRecords(state: state.iso3)).isAllowed
                ? "/states/\(state.iso3)/national-authority/edit" : nil)
        return try await req.renderPage("states/profile", title: page.name, page)
    }

    private func csv(_ states: [StateParty], filename: String) -> Response {
        let text = CSVWriter.write(
            header: StatesPartiesFile.columns,
            rows: states.map {
                [$0.iso2, $0.iso3, $0.m49, $0.nameEN, $0.nameFR, $0.nameES, $0.regionalGroup.rawValue, $0.region,
                 $0.subregion, $0.languages.joined(separator: ";"), $0.aliases.joined(separator: ";")]
            })
        return Response.download(text, filename: filename)
    }
}
