import Fluent
import TandemCore
import Vapor

/// The clearing-house as readers find it: its front page, a search over every kind of record (or one kind's list)
/// with facets, every value of a facet, and a record's page. What a reader may not see is not found.
struct ClearingHouseController: RouteCollection {
    static let pageSize = 20
    /// Values of a facet shown beside the results; every value is one link further.
    static let facetValuesShown = 8

    struct IndexPage: Encodable {
        struct Kind: Encodable {
            let name: String
            let href: String
            let count: String
            let addHref: String?
        }
        let kinds: [Kind]
        let mineHref: String?
        let reviewHref: String?
        let waiting: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let house = routes.grouped("clearing-house")
        house.get(use: index)
        house.get("search", use: search)
        house.get("export.csv", use: exportCSV)
        house.get("export.json", use: exportJSON)
        house.get("facets", ":field", use: facet)
        house.get("records", ":id", use: show)
        house.get(":kind", use: list)
    }

    @Sendable func index(req: Request) async throws -> View {
        let reader = RecordSearch.Reader(req)
        let published = try await ClearingRecordModel.query(on: req.db).filter(\.$status == Publication.Status.published.rawValue)
            .filter(\.$visibility ~~ reader.visibilities).field(\.$kind).all()
        let counts = Dictionary(grouping: published, by: \.kind).mapValues(\.count)
        let labels = RecordLabels(req)
        var waiting: String?
        if reader.secretariat {
            let count = try await ClearingRecordModel.query(on: req.db).filter(\.$status == Publication.Status.submitted.rawValue).count()
            waiting = req.localizer.text("clearing_waiting_count", req.language, count: count)
        }
        let page = IndexPage(
            kinds: RecordKind.allCases.map { kind in
                .init(name: labels.kind(kind), href: "/clearing-house/" + kind.slug,
                      count: req.localizer.text("clearing_records_count", req.language, count: counts[kind.rawValue] ?? 0),
                      addHref: RecordEditingController.mayStart(kind, req) ? "/clearing-house/\(kind.slug)/new" : nil)
            },
            mineHref: req.currentUser == nil ? nil : "/clearing-house/mine",
            reviewHref: reader.secretariat ? "/clearing-house/review" : nil, waiting: waiting)
        return try await req.renderPage("clearing-house/index", title: req.text("clearing_title"), page)
    }

    @Sendable func search(req: Request) async throws -> View {
        try await results(req, kind: nil)
    }

    @Sendable func list(req: Request) async throws -> View {
        guard let kind = RecordKind(slug: req.parameters.get("kind") ?? "") else { throw Abort(.notFound, reason: req.text("error_404_message")) }
        return try await results(req, kind: kind)
    }

    private func results(_ req: Request, kind: RecordKind?) async throws -> View {
        var query = RecordQuery(items: Self.items(req))
        if let kind { query.kinds = [kind] }
        let results = try await RecordSearch().run(query, reader: RecordSearch.Reader(req), pageSize: Self.pageSize,
                                                   index: req.application.clearingIndex, on: req.db)
        let page = RecordListPage.make(req, query: query, kind: kind, results: results, pageSize: Self.pageSize,
                                       valuesShown: Self.facetValuesShown)
        return try await req.renderPage("clearing-house/list", title: page.heading, page)
    }

    /// Every record the search finds (not only a page's), as a spreadsheet.
    @Sendable func exportCSV(req: Request) async throws -> Response {
        let query = RecordQuery(items: Self.items(req))
        let ids = try await RecordSearch().allIDs(query, reader: RecordSearch.Reader(req), index: req.application.clearingIndex, on: req.db)
        return RecordExport.csv(req, ids: ids, kinds: query.kinds)
    }

    @Sendable func exportJSON(req: Request) async throws -> Response {
        let query = RecordQuery(items: Self.items(req))
        let ids = try await RecordSearch().allIDs(query, reader: RecordSearch.Reader(req), index: req.application.clearingIndex, on: req.db)
        return RecordExport.json(req, ids: ids)
    }

    /// Every value of one facet with its count, for a field with more values than the results page shows.
    @Sendable func facet(req: Request) async throws -> View {
        let name = req.parameters.get("field") ?? ""
        let query = RecordQuery(items: Self.items(req))
        guard let field = RecordSearch.facetFields(query.kinds).first(where: { $0.name == name }) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let results = try await RecordSearch().run(query, reader: RecordSearch.Reader(req), pageSize: 0, index: req.application.clearingIndex,
                                                   on: req.db)
        let page = RecordListPage.facetPage(req, field: field, query: query, results: results)
        return try await req.renderPage("clearing-house/facet", title: page.heading, page)
    }

    @Sendable func show(req: Request) async throws -> View {
        let access = try await RecordAccess.load(req)
        let page = try await RecordPage.make(req, access: access, errors: [:])
        return try await req.renderPage("clearing-house/record", title: page.heading, page)
    }

    /// The address's items in order, as a search reads them.
    static func items(_ req: Request) -> [(name: String, value: String)] {
        guard let query = req.url.query, !query.isEmpty else { return [] }
        return FormBody.pairs(query)
    }
}
