import Fluent
import Foundation
import SQLKit
import TandemCore

/// The applications a list shows, asked of the database one page at a time: who may read which State Party's
/// records, the filters and the order are all in the query, and a row carries only what a list prints, so a
/// list costs the same few queries and the same work however many applications there are.
struct ApplicationList {
    struct Filter {
        var statuses: [ApplicationStatus]?
        var mode: PartnershipMode?
        /// The States Parties of the regional group asked for.
        var states: [String]?
        var area: String?
    }

    enum Order {
        /// Latest submission first, then drafts by creation.
        case newest
        /// The review queue's: first submitted, first reviewed.
        case firstSubmitted
    }

    struct Row {
        let id: UUID
        let callID: UUID
        let stateISO3: String
        let status: String
        let mode: String?
        let submittedAt: Date?
    }

    let scope: StateScope
    let filter: Filter

    /// Nobody may read any, or a filter leaves no choice.
    private var isEmpty: Bool { scope == .none || filter.statuses?.isEmpty == true || filter.states?.isEmpty == true }

    func count(on db: any Database) async throws -> Int {
        guard !isEmpty else { return 0 }
        let query = (db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total")
            .from(ApplicationModel.schema)
        return try await filtered(query).first()?.decode(column: "total", as: Int.self) ?? 0
    }

    /// The rows in `range` of the whole list (all of them when nil, for an export).
    func rows(_ range: Range<Int>?, order: Order, on db: any Database) async throws -> [Row] {
        guard !isEmpty else { return [] }
        var query = filtered((db as! any SQLDatabase).select()
            .columns("id", "call_id", "state_iso3", "status", "mode", "submitted_at").from(ApplicationModel.schema))
        // Unsubmitted last on both databases (PostgreSQL sorts NULL above every date, SQLite below).
        query = query.orderBy(SQLRaw("(submitted_at IS NULL)"))
        switch order {
        case .newest: query = query.orderBy("submitted_at", .descending).orderBy("created_at", .descending)
        case .firstSubmitted: query = query.orderBy("submitted_at", .ascending)
        }
        query = query.orderBy("id")
        if let range { query = query.offset(range.lowerBound).limit(range.count) }
        return try await query.all().map { row in
            Row(id: try row.decode(column: "id", as: UUID.self), callID: try row.decode(column: "call_id", as: UUID.self),
                stateISO3: try row.decode(column: "state_iso3", as: String.self), status: try row.decode(column: "status", as: String.self),
                mode: try row.decode(column: "mode", as: String?.self), submittedAt: try row.decode(column: "submitted_at", as: Date?.self))
        }
    }

    private func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = query
        if case .only(let state) = scope { query = query.where("state_iso3", .equal, SQLBind(state)) }
        if let statuses = filter.statuses { query = query.where("status", .in, SQLBind.group(statuses.map(\.rawValue))) }
        if let mode = filter.mode { query = query.where("mode", .equal, SQLBind(mode.rawValue)) }
        if let states = filter.states { query = query.where("state_iso3", .in, SQLBind.group(states)) }
        if let area = filter.area { query = query.where("areas", .like, SQLBind("% \(area) %")) }
        return query
    }
}
