import Fluent
import TandemCore
import Vapor

/// `/search`: one box for the whole site. A name in any of the three languages, an alias, a code or a few words
/// finds the States Parties, the programme's partnerships, the calls, the clearing-house's records the reader may
/// see, the questions of the help page and, for those who may read them, the applications; case and accents do
/// not matter.
struct SearchController: RouteCollection {
    struct Hit: Encodable {
        let title: String
        let href: String
        let detail: String
    }

    struct Group: Encodable {
        let id: String
        let heading: String
        let hits: [Hit]
        /// Where the whole list is, when more were found than are shown.
        let more: Hit?
    }

    struct SearchPage: Encodable {
        let query: String
        let summary: String?
        let groups: [Group]
    }

    /// Hits shown per kind; the rest are a link away.
    static let shown = 10

    func boot(routes: any RoutesBuilder) throws {
        routes.get("search", use: index)
    }

    @Sendable func index(req: Request) async throws -> View {
        let text = (try req.pageQuery.string("q", maxLength: 100) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var groups: [Group] = []
        if !text.isEmpty {
            groups = try await Self.groups(for: text, req).filter { !$0.hits.isEmpty }
        }
        let found = groups.map(\.hits.count).reduce(0, +)
        let page = SearchPage(query: text,
                              summary: text.isEmpty ? nil : found == 0 ? req.localizer.text("search_nothing", req.language, ["query": text])
                                  : req.localizer.text("search_found", req.language, ["query": text]),
                              groups: groups)
        return try await req.renderPage("search/index", title: req.text("search_title"), page)
    }

    static func groups(for text: String, _ req: Request) async throws -> [Group] {
        let language = req.language, l = req.localizer
        let needle = fold(text)
        func t(_ key: String, _ count: Int) -> String { l.text(key, language, count: count) }
        func group(_ id: String, _ hits: [Hit], total: Int? = nil, more: Hit? = nil) -> Group {
            let total = total ?? hits.count
            return Group(id: id, heading: t("search_" + id, total), hits: Array(hits.prefix(shown)), more: total > shown ? more : nil)
        }

        let states = req.states.search(text, group: nil, language: language)
        let stateHits = states.map { state in
            Hit(title: state.name(in: language), href: "/states/\(state.iso3)", detail: l.groupName(state.regionalGroup, language))
        }
        let matched = Set(states.map(\.iso3))

        let rows = ProgrammeRows(req)
        let partnerships = try await req.partnerships.all().filter { partnership in
            fold(partnership.code).contains(needle) || partnership.states.contains(where: matched.contains)
        }
        let partnershipHits = partnerships.map { partnership in
            let row = rows.row(partnership)
            return Hit(title: row.title, href: row.href, detail: [partnership.code, row.years, row.status].filter { !$0.isEmpty }.joined(separator: " · "))
        }

        let today = CivilDate(utc: req.application.clock.now())
        let calls = try await req.application.callsCache.calls(on: req.db).values.sorted { $0.opens > $1.opens }.filter { call in
            Language.allCases.contains { fold(call.title(in: $0)).contains(needle) } || fold(call.slug).contains(needle)
        }
        let callHits = calls.map { call in
            Hit(title: call.title(in: language), href: "/programme/calls/\(call.slug)",
                detail: l.text(call.takesApplications(on: today) ? "search_call_open" : "search_call_closed", language,
                               ["opens": language.format(call.opens), "closes": language.format(call.closes)]))
        }

        var applicationHits: [Hit] = []
        let scope = AccessPolicy.readableStates(req.actor)
        let readable = matched.filter { scope.contains($0) }
        if !readable.isEmpty {
            let applications = try await ApplicationModel.query(on: req.db).filter(\.$stateISO3 ~~ readable).with(\.$call)
                .sort(\.$updatedAt, .descending).all()
            applicationHits = try applications.map { application in
                Hit(title: req.states.name(application.stateISO3, in: language), href: "/applications/\(try application.requireID().uuidString)",
                    detail: try application.call.value().title(in: language) + " · " + l.text("application_status_" + application.status, language))
            }
        }

        let records = try await RecordSearch().run(RecordQuery(text: text), reader: RecordSearch.Reader(req), pageSize: shown,
                                                   index: req.application.clearingIndex, on: req.db)
        let labels = RecordLabels(req)
        let recordHits = try records.hits.map { hit in
            Hit(title: try hit.record.title(in: language, document: hit.document).text, href: "/clearing-house/records/\(try hit.record.requireID().uuidString)",
                detail: labels.kind(hit.kind) + (hit.record.stateISO3.map { " · " + req.states.name($0, in: language) } ?? ""))
        }

        let questionHits = HelpController.questions.compactMap { key -> Hit? in
            let question = l.text("help_q_" + key, language), answer = l.text("help_a_" + key, language)
            return fold(question + " " + answer).contains(needle) ? Hit(title: question, href: "/help#q-" + key, detail: answer) : nil
        }

        return [group("states", stateHits, more: Hit(title: l.text("search_all_states", language), href: "/states?q=" + escaped(text), detail: "")),
                group("partnerships", partnershipHits,
                      more: Hit(title: l.text("search_all_partnerships", language), href: "/programme/partnerships", detail: "")),
                group("calls", callHits),
                group("applications", applicationHits, more: Hit(title: l.text("search_all_applications", language), href: "/applications", detail: "")),
                group("records", recordHits, total: records.total,
                      more: Hit(title: l.text("search_all_records", language), href: "/clearing-house/search?q=" + escaped(text), detail: "")),
                group("help", questionHits)]
    }

    /// Lowercase, without accents or punctuation, as state names are searched: "Côte d’Ivoire" and "cote d'ivoire"
    /// find each other.
    static func fold(_ text: String) -> String {
        StateNameResolver.normalise(text)
    }

    private static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
