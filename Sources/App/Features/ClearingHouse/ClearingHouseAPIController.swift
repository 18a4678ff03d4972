import Fluent
import TandemCore
import Vapor

/// The clearing-house in the JSON API: a search with the pages' parameters (`q`, `kind`, `f.FIELD`, `x.FIELD`,
/// `sort`, `page`), its facets with their counts, and one record. A program sees what its token's person may see,
/// and without a token what the public sees.
struct ClearingHouseAPIController: RouteCollection {
    struct SearchDTO: Content {
        struct FacetValue: Content {
            let code: String
            let count: Int
        }
        let total: Int
        let page: Int
        let pageSize: Int
        let records: [RecordDTO]
        let facets: [String: [FacetValue]]
    }

    static let pageSize = 50

    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1", "clearing-house")
        api.get("records", use: search)
        api.get("records", ":id", use: record)
    }

    @Sendable func search(req: Request) async throws -> Response {
        // The pages forgive an order or page they do not know; a program is told, so its mistake is not silent.
        _ = try req.apiQuery.choice("sort", RecordQuery.Order.self)
        _ = try req.apiQuery.int("page", in: 1...10_000)
        // An answer depends only on the search and on what its audience may read: it is kept for everyone of that
        // audience until something in the clearing-house changes.
        let reader = RecordSearch.Reader(req)
        let key = reader.visibilities.joined(separator: ",") + " " + req.url.string
        let version = try await DataVersion.current(.clearing, on: req.db)
        if let kept = req.application.clearingAnswers.page(key, version: version) {
            return Response(status: .ok, headers: ["Content-Type": kept.contentType], body: .init(buffer: kept.body))
        }
        let response = try await answer(req, reader: reader).encodeResponse(for: req)
        if let body = response.body.buffer {
            req.application.clearingAnswers.store(.init(body: body, contentType: response.headers.first(name: .contentType) ?? "application/json"),
                                                  key: key, version: version)
        }
        return response
    }

    private func answer(_ req: Request, reader: RecordSearch.Reader) async throws -> SearchDTO {
        let query = RecordQuery(items: ClearingHouseController.items(req))
        let results = try await RecordSearch().run(query, reader: reader, pageSize: Self.pageSize,
                                                   index: req.application.clearingIndex, on: req.db)
        let base = req.application.config.baseURL
        let relations = try await ClearingRelationModel.shareable(of: try results.hits.map { try $0.record.requireID() }, visibilities: reader.visibilities,
                                                                  on: req.db)
        return SearchDTO(total: results.total, page: query.page, pageSize: Self.pageSize,
                         records: try results.hits.map {
                             try RecordDTO($0.record, kind: $0.kind, document: $0.document, baseURL: base, related: relations[try $0.record.requireID()] ?? [])
                         },
                         facets: results.facets.mapValues { $0.map { SearchDTO.FacetValue(code: $0.code, count: $0.count) } })
    }

    @Sendable func record(req: Request) async throws -> RecordDTO {
        let text = req.parameters.get("id") ?? ""
        guard let id = UUID(uuidString: text), let record = try await ClearingRecordModel.find(id, on: req.db) else {
            throw APIError.notFound("No clearing-house record has the id \"\(text.prefix(40))\".")
        }
        let access = try await RecordAccess.of(record, by: req.currentUser, on: req.db)
        // The API gives what is published: a draft is its writer's, on the pages.
        guard access.publication.status == .published,
              access.publication.mayRead(record.recordVisibility, by: access.standing, signedIn: req.currentUser != nil) else {
            throw APIError.notFound("No clearing-house record has the id \"\(text.prefix(40))\".")
        }
        return try RecordDTO(record, kind: access.kind, document: access.document, baseURL: req.application.config.baseURL,
                             related: try await ClearingRelationModel.shareable(of: [id], visibilities: RecordSearch.Reader(req).visibilities, on: req.db)[id] ?? [])
    }
}
