import Fluent
import TandemCore
import Vapor

/// The audit log for administrators: every change, filtered by who, what and when, and exported as CSV.
struct AuditLogController: RouteCollection {
    struct Filter {
        var actor: String?
        var entity: String?
        var from: CivilDate?
        var to: CivilDate?
    }

    struct Row: Encodable, Hashable, Sendable {
        let at: String
        let actor: String
        let address: String
        let action: String
        let entity: String
        let key: String
        let before: String
        let after: String
    }

    struct AuditPage: Encodable, Hashable, Sendable {
        let rows: [Row]
        let count: String
        let actor: String
        let entities: [SelectOption]
        let from: String
        let to: String
        let csvHref: String
        let pager: PagerContext?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequireMiddleware(.readAudit)).get("admin", "audit", use: index)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let query = req.pageQuery
        let day = { (name: String) in try query.value(name, expected: "a day written YYYY-MM-DD", CivilDate.init(iso:)) }
        let filter = Filter(actor: try query.string("actor", maxLength: 200), entity: try query.string("entity", maxLength: 50),
                            from: try day("from"), to: try day("to"))
        if try query.string("format") == "csv" {
            let entries = try await Self.query(filter, on: req.db).limit(100_000).all()
            return Response.download(CSVWriter.write(
                header: ["at", "actor", "address", "action", "entity", "key", "before", "after"],
                rows: entries.map { [Self.timestamp($0.at), $0.actor, $0.address, $0.action, $0.entity, $0.entityKey, $0.before, $0.after] }),
                filename: "audit-log.csv")
        }
        let total = try await Self.query(filter, on: req.db).count()
        let paging = try PageRequest(query, defaultLimit: PageRequest.pageLimit).clamped(total: total)
        let entries = try await Self.query(filter, on: req.db).range(paging.offset..<(paging.offset + paging.limit)).all()
        let entities = try await AuditEntryModel.query(on: req.db).unique().all(\.$entity).sorted()
        let language = req.language
        let page = AuditPage(
            rows: entries.map {
                Row(at: Self.timestamp($0.at), actor: $0.actor, address: $0.address.isEmpty ? "—" : $0.address, action: $0.action, entity: $0.entity, key: $0.entityKey,
                    before: Self.shown($0.before, req), after: Self.shown($0.after, req))
            },
            count: req.localizer.text("audit_count", language, ["count": language.format(total)]),
            actor: filter.actor ?? "",
            entities: entities.map { SelectOption(value: $0, label: $0, selected: $0 == filter.entity) },
            from: filter.from?.description ?? "", to: filter.to?.description ?? "",
            csvHref: req.link(replacing: ["format": "csv", "page": nil, "lang": nil]),
            pager: Pager.make(req, paging, total: total))
        return try await req.renderListPage("admin/audit", title: req.text("audit_title"), page).encodeResponse(for: req)
    }

    /// Newest first; the same filter serves the page and the export.
    static func query(_ filter: Filter, on db: any Database) -> QueryBuilder<AuditEntryModel> {
        let query = AuditEntryModel.query(on: db).sort(\.$at, .descending).sort(\.$id)
        if let actor = filter.actor { query.filter(\.$actor ~~ actor) }
        if let entity = filter.entity { query.filter(\.$entity == entity) }
        if let from = filter.from, let start = date(from) { query.filter(\.$at >= start) }
        if let to = filter.to, let end = date(to) { query.filter(\.$at < end.addingTimeInterval(24 * 3600)) }
        return query
    }

    static func date(_ day: CivilDate) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }

    /// UTC, to the second, as the log is read by people in every time zone.
    static func timestamp(_ date: Date?) -> String {
        guard let date else { return "" }
        return date.ISO8601Format().replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }

    /// A value before or after a change as the page shows it: a whole application form can run to pages, so the
    /// page shows its start and the CSV export the whole.
    static func shown(_ value: String, _ req: Request) -> String {
        if value.isEmpty { return "—" }
        let limit = 600
        guard value.count > limit else { return value }
        return String(value.prefix(limit)) + " " + req.text("audit_cut")
    }
}
