import Fluent
import Foundation
import TandemCore
import Vapor

/// Searches people keep, each with how often they want to hear of records newly published that it finds: saved
/// from a results page, listed, changed or deleted on `/clearing-house/saved`. Only their owner sees them.
struct SavedSearchesController: RouteCollection {
    struct ListPage: Encodable {
        struct Row: Encodable {
            let id: String
            let name: String
            let href: String
            let frequencies: [SelectOption]
        }
        let csrf: String
        let rows: [Row]
    }

    static let nameLimit = 200
    static let queryLimit = 2_000
    /// A person keeps at most this many searches.
    static let perPerson = 50

    func boot(routes: any RoutesBuilder) throws {
        let saved = routes.grouped("clearing-house", "saved").grouped(RequireMiddleware(.manageOwnAccount))
        saved.get(use: list)
        saved.post(use: save)
        saved.post(":id", use: change)
        saved.post(":id", "delete", use: delete)
    }

    @Sendable func list(req: Request) async throws -> View {
        let user = try Self.user(req)
        let searches = try await SavedSearchModel.query(on: req.db).filter(\.$user.$id == user.requireID()).sort(\.$createdAt).all()
        let page = ListPage(csrf: req.csrfToken, rows: try searches.map { search in
            .init(id: try search.requireID().uuidString, name: search.name, href: Self.address(search.query),
                  frequencies: Self.frequencies(req, chosen: search.frequency))
        })
        return try await req.renderPage("clearing-house/saved", title: req.text("saved_searches_title"), page)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let user = try Self.user(req)
        let pairs = FormBody.pairs(req)
        func value(_ name: String) -> String { FormBody.value(name, in: pairs)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        // The search is read as a search reads it, so what is kept is what the results page shows.
        var query = RecordQuery(items: FormBody.pairs(String(value("query").prefix(Self.queryLimit))))
        query.page = 1
        let encoded = Self.encode(query)
        let name = String((value("name").isEmpty ? (query.text.isEmpty ? req.text("record_search_heading") : query.text) : value("name")).prefix(Self.nameLimit))
        let frequency = SavedSearchModel.Frequency(rawValue: value("frequency")) ?? .off
        let userID = try user.requireID()
        if try await SavedSearchModel.query(on: req.db).filter(\.$user.$id == userID).filter(\.$query == encoded).first() != nil {
            return req.redirect(to: "/clearing-house/saved", confirming: "done_saved_search_exists")
        }
        guard try await SavedSearchModel.query(on: req.db).filter(\.$user.$id == userID).count() < Self.perPerson else {
            return req.redirect(to: "/clearing-house/saved", confirming: "done_saved_search_too_many")
        }
        let search = SavedSearchModel(userID: userID, name: name, query: encoded, frequency: frequency, alertedAt: req.application.clock.now())
        do {
            try await req.db.writeTransaction { db in
                try await search.create(on: db)
                try await req.audit("create", entity: "saved_search", key: try search.requireID().uuidString,
                                    after: ["name": name, "query": encoded, "frequency": frequency.rawValue], on: db)
            }
        } catch where error.isConstraintViolation {
            // The same search saved twice at once: kept once.
            return req.redirect(to: "/clearing-house/saved", confirming: "done_saved_search_exists")
        }
        return req.redirect(to: "/clearing-house/saved", confirming: "done_saved_search_saved")
    }

    @Sendable func change(req: Request) async throws -> Response {
        let search = try await Self.own(req)
        let pairs = FormBody.pairs(req)
        let before = search.frequency
        let frequency = SavedSearchModel.Frequency(rawValue: FormBody.value("frequency", in: pairs) ?? "") ?? .off
        guard frequency.rawValue != before else { return req.redirect(to: "/clearing-house/saved", confirming: "done_saved_search_changed") }
        try await req.db.writeTransaction { db in
            search.frequency = frequency.rawValue
            // Alerts start from now: turning them on does not send what was published while they were off.
            if before == SavedSearchModel.Frequency.off.rawValue { search.alertedAt = req.application.clock.now() }
            try await search.save(on: db)
            try await req.audit("update", entity: "saved_search", key: try search.requireID().uuidString,
                                before: ["frequency": before], after: ["frequency": frequency.rawValue], on: db)
        }
        return req.redirect(to: "/clearing-house/saved", confirming: "done_saved_search_changed")
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let search = try await Self.own(req)
        try await req.db.writeTransaction { db in
            try await search.delete(on: db)
            try await req.audit("delete", entity: "saved_search", key: try search.requireID().uuidString,
                                before: ["name": search.name, "query": search.query], on: db)
        }
        return req.redirect(to: "/clearing-house/saved", confirming: "done_saved_search_deleted")
    }

    private static func user(_ req: Request) throws -> UserModel {
        guard let user = req.currentUser else { throw Abort(.unauthorized) }
        return user
    }

    /// The person's own saved search; anyone else's is not found.
    private static func own(_ req: Request) async throws -> SavedSearchModel {
        let user = try Self.user(req)
        guard let id = req.parameters.get("id", as: UUID.self), let search = try await SavedSearchModel.find(id, on: req.db),
              search.$user.id == user.id else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return search
    }

    static func encode(_ query: RecordQuery) -> String {
        var components = URLComponents()
        components.queryItems = query.items.map { URLQueryItem(name: $0.name, value: $0.value) }
        return (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }

    static func address(_ query: String) -> String {
        "/clearing-house/search" + (query.isEmpty ? "" : "?" + query)
    }

    static func frequencies(_ req: Request, chosen: String) -> [SelectOption] {
        SavedSearchModel.Frequency.allCases.map {
            SelectOption(value: $0.rawValue, label: req.text("saved_search_frequency_" + $0.rawValue), selected: $0.rawValue == chosen)
        }
    }
}
