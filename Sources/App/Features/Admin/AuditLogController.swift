import Fluent
import SQLKit
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
        /// The fields that changed, each with its value before and after; empty when the values are shown whole.
        let changes: [ChangeLine]
        /// "and 12 more fields: the CSV export has them".
        let more: String?
        let before: String
        let after: String
    }

    struct ChangeLine: Encodable, Hashable, Sendable {
        let field: String
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
        let sql = req.db as! any SQLDatabase
        if try query.string("format") == "csv" {
            let entries = try await Self.entries(filter, on: sql).limit(100_000).all()
            return Response.download(CSVWriter.write(
                header: ["at", "actor", "address", "action", "entity", "key", "before", "after"],
                rows: try entries.map { entry in
                    try [Self.timestamp(entry.decode(column: "at", as: Date?.self))]
                        + ["actor", "address", "action", "entity", "entity_key", "before", "after"].map { try entry.decode(column: $0, as: String.self) }
                }),
                filename: "audit-log.csv")
        }
        // The page and the count in one query (the log is the largest list); a page past the last, which has no
        // rows to carry the count, is asked again as the last.
        func rows(_ paging: PageRequest) async throws -> [any SQLRow] {
            try await Self.entries(filter, on: sql, cutAt: Self.readLength)
                .column(SQLSubquery.select { subquery in
                    Self.narrow(subquery.column(SQLFunction("COUNT", args: SQLLiteral.all)).from(AuditEntryModel.schema), to: filter)
                    return subquery
                }, as: "total")
                .offset(paging.offset).limit(paging.limit).all()
        }
        var paging = try PageRequest(query, defaultLimit: PageRequest.pageLimit)
        var entries = try await rows(paging)
        var total = try entries.first?.decode(column: "total", as: Int.self) ?? 0
        if entries.isEmpty && paging.offset > 0 {
            total = try await Self.count(filter, on: sql).first()?.decode(column: "total", as: Int.self) ?? 0
            paging = paging.clamped(total: total)
            entries = try await rows(paging)
        }
        // The few kinds of record in the log, each found by one step down its index (a plain DISTINCT would read the
        // whole log on every visit).
        let entities = try await sql.raw("""
            WITH RECURSIVE kinds(entity) AS (
                SELECT MIN(entity) FROM audit_log
                UNION ALL SELECT (SELECT MIN(entity) FROM audit_log WHERE entity > kinds.entity) FROM kinds WHERE kinds.entity IS NOT NULL)
            SELECT entity FROM kinds WHERE entity IS NOT NULL
            """).all().map { try $0.decode(column: "entity", as: String.self) }
        let language = req.language
        let page = AuditPage(
            rows: try entries.map { entry in
                let address = try entry.decode(column: "address", as: String.self)
                let before = try entry.decode(column: "before", as: String.self), after = try entry.decode(column: "after", as: String.self)
                let action = try entry.decode(column: "action", as: String.self), entity = try entry.decode(column: "entity", as: String.self)
                // Records are compared field by field; plain text, or a value too long to read here, is shown as it is.
                let whole = before.unicodeScalars.count <= Self.readLength && after.unicodeScalars.count <= Self.readLength
                let change = whole ? AuditChange(before: before, after: after) : nil
                let structured = change.map { !$0.fields.contains { $0.path.isEmpty } } ?? false
                return Row(at: try entry.decode(column: "at", as: Date?.self).map(language.formatMoment) ?? "",
                           actor: try entry.decode(column: "actor", as: String.self),
                           address: address.isEmpty ? "—" : address, action: Self.label("audit_action_", action, req),
                           entity: Self.label("audit_entity_", entity, req), key: try entry.decode(column: "entity_key", as: String.self),
                           changes: structured ? change!.fields.map {
                               ChangeLine(field: $0.path, before: $0.before ?? "—", after: $0.after ?? "—")
                           } : [],
                           more: structured && change!.more > 0 ? req.localizer.text("audit_more_fields", language, count: change!.more) : nil,
                           // A change that changed nothing (a form saved as it was) says so rather than showing both texts.
                           before: structured && change!.fields.isEmpty ? "—" : Self.shown(before, req),
                           after: structured && change!.fields.isEmpty ? "—" : Self.shown(after, req))
            },
            count: req.localizer.text("audit_count", language, count: total),
            actor: filter.actor ?? "",
            entities: entities.map { SelectOption(value: $0, label: Self.label("audit_entity_", $0, req), selected: $0 == filter.entity) }
                .sorted { $0.label.localizedStandardCompare($1.label) == .orderedAscending },
            from: filter.from?.description ?? "", to: filter.to?.description ?? "",
            csvHref: req.link(replacing: ["format": "csv", "page": nil, "lang": nil]),
            pager: Pager.make(req, paging, total: total))
        return try await req.renderListPage("admin/audit", title: req.text("audit_title"), page).encodeResponse(for: req)
    }

    /// The page shows the start of a value that is not compared field by field.
    static let shownLength = 600
    /// A whole application form can run to tens of kilobytes: the database cuts each value past this (one character
    /// more, to tell that it was cut), and a value cut is shown as text rather than compared.
    static let readLength = 16_000

    /// An action or a kind of record in the reader's language; one without a label reads as its words.
    static func label(_ prefix: String, _ key: String, _ req: Request) -> String {
        req.localizer.table(.en)[prefix + key] != nil ? req.text(prefix + key) : key.replacingOccurrences(of: "_", with: " ")
    }

    /// Newest first; the same filter serves the page and the export.
    static func entries(_ filter: Filter, on sql: any SQLDatabase, cutAt length: Int? = nil) -> SQLSelectBuilder {
        let query = sql.select().columns("at", "actor", "address", "action", "entity", "entity_key").from(AuditEntryModel.schema)
        for column in ["before", "after"] {
            if let length {
                query.column(SQLFunction("SUBSTR", args: SQLIdentifier(column), SQLLiteral.numeric("1"), SQLLiteral.numeric(String(length + 1))), as: column)
            } else {
                query.column(column)
            }
        }
        narrow(query, to: filter)
        return query.orderBy("at", .descending).orderBy("id")
    }

    /// Narrows `query` (a builder, changed in place) to the entries `filter` asks for.
    static func narrow(_ query: any SQLPredicateBuilder, to filter: Filter) {
        if let actor = filter.actor { query.where("actor", .like, SQLBind("%" + actor + "%")) }
        if let entity = filter.entity { query.where("entity", .equal, SQLBind(entity)) }
        if let from = filter.from { query.where("at", .greaterThanOrEqual, SQLBind(from.midnightUTC)) }
        if let to = filter.to { query.where("at", .lessThan, SQLBind(to.midnightUTC.addingTimeInterval(24 * 3600))) }
    }

    /// The number of entries `filter` finds.
    static func count(_ filter: Filter, on sql: any SQLDatabase) -> SQLSelectBuilder {
        let query = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total").from(AuditEntryModel.schema)
        narrow(query, to: filter)
        return query
    }

    /// UTC, to the second (`2026-12-02 07:07:42 UTC`), as the log is read by people in every time zone.
    static func timestamp(_ date: Date?) -> String {
        guard let date else { return "" }
        let second = Int((date.timeIntervalSince1970).rounded(.down))
        let time = ((second % 86_400) + 86_400) % 86_400
        func pad(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
        return "\(CivilDate(utc: date)) \(pad(time / 3600)):\(pad(time / 60 % 60)):\(pad(time % 60)) UTC"
    }

    /// A value before or after a change as the page shows it: its start, and a word that the CSV export has the whole.
    /// The database cuts in code points, so the length is checked in them too, and the start kept is whole
    /// characters: a flag or an accented letter written in two code points is never split.
    static func shown(_ value: String, _ req: Request) -> String {
        if value.isEmpty { return "—" }
        // No more code points than bytes: most values are known short without counting.
        guard value.utf8.count > shownLength else { return value }
        let scalars = value.unicodeScalars
        guard var cut = scalars.index(scalars.startIndex, offsetBy: shownLength, limitedBy: scalars.endIndex), cut < scalars.endIndex else {
            return value
        }
        // Back to the start of the character the cut falls in (a step or two at most).
        while cut.samePosition(in: value) == nil { cut = scalars.index(before: cut) }
        return String(value[..<cut]) + " " + req.text("audit_cut")
    }
}
