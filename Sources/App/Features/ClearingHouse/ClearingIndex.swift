import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The clearing-house's published records held in memory as a `FacetIndex`, kept current from the search table
/// (`ClearingSearchRow`): each search reads the clearing-house's data version, and when it moved, the rows written
/// since are read again, so several instances each stay exact. The words are matched by the database's full-text
/// index (FTS5 on SQLite, `tsvector` on PostgreSQL).
actor ClearingIndex {
    struct Snapshot: Sendable {
        let index: FacetIndex
        /// Each slot's record.
        let records: [Int: UUID]
        /// The clearing-house's data version the index holds.
        let version: Int64
    }

    private var index = FacetIndex()
    private var records: [Int: UUID] = [:]
    private var version: Int64 = -1
    /// One reload at a time: searches arriving meanwhile wait for it rather than reading the same rows again.
    private var reloading: Task<Snapshot, any Error>?
    /// The full-text index's answers for the data version held, newest use last: a facet clicked, a page turned or a
    /// search sent again by many readers asks the same words, and while nothing is published their answer stays.
    private var answers: [Words: [Int]] = [:]
    private var answered: [Words] = []
    static let answersKept = 64
    /// Past this many slots kept in all, the oldest answers go first, whatever their number.
    static let answeredSlotsKept = 2_000_000

    func current(on db: any Database) async throws -> Snapshot {
        let latest = try await DataVersion.current(.clearing, on: db)
        if latest == version { return Snapshot(index: index, records: records, version: version) }
        if let reloading { return try await reloading.value }
        let since = version
        let task = Task { try await self.reload(since: since, upTo: latest, on: db) }
        reloading = task
        defer { reloading = nil }
        return try await task.value
    }

    private func reload(since: Int64, upTo latest: Int64, on db: any Database) async throws -> Snapshot {
        // Read after the version, so what is kept is at least as new as the version it is kept under.
        let rows = try await (db as! any SQLDatabase).select()
            .columns("slot", "record_id", "published", "kind", "visibility", "published_on", "title_key", "codes")
            .from(ClearingSearchRow.schema).where("seq", .greaterThan, SQLBind(since)).all()
        let decoder = JSONDecoder()
        for row in rows {
            let slot = try row.decode(column: "slot", as: Int.self)
            guard try row.decode(column: "published", as: Bool.self),
                  let kind = RecordKind(rawValue: try row.decode(column: "kind", as: String.self)),
                  let visibility = RecordVisibility(rawValue: try row.decode(column: "visibility", as: String.self)) else {
                index.set(slot, nil)
                records[slot] = nil
                continue
            }
            let codes = try decoder.decode([String: Set<String>].self, from: Data(try row.decode(column: "codes", as: String.self).utf8))
            index.set(slot, FacetIndex.Entry(kind: kind, visibility: visibility, codes: codes,
                                              publishedOn: try row.decode(column: "published_on", as: String.self),
                                              titleKey: try row.decode(column: "title_key", as: String.self)))
            records[slot] = try row.decode(column: "record_id", as: UUID.self)
        }
        index.prepare()
        version = latest
        answers = [:]
        answered = []
        return Snapshot(index: index, records: records, version: version)
    }

    /// The slots whose words match, best first (nil when the search has no words), for the data version of
    /// `snapshot`: from the answers kept when the same words were asked of that version, otherwise from the database.
    func matches(_ text: String, in snapshot: Snapshot, on db: any Database) async throws -> [Int]? {
        let words = Words(text)
        guard !words.isEmpty else { return nil }
        if snapshot.version == version, let kept = answers[words] {
            answered.removeAll { $0 == words }
            answered.append(words)
            return kept
        }
        let found = try await Self.matches(words, on: db)
        // Kept only while the index is still at the version searched: an answer read across a reload is used once.
        guard snapshot.version == version, answers[words] == nil else { return found }
        answers[words] = found
        answered.append(words)
        var slots = answers.values.reduce(0) { $0 + $1.count }
        while answered.count > Self.answersKept || (slots > Self.answeredSlotsKept && answered.count > 1) {
            let oldest = answered.removeFirst()
            slots -= answers.removeValue(forKey: oldest)?.count ?? 0
        }
        return found
    }

    /// The words of a search: each folded as the index holds them; a word written with a leading "-" is one to
    /// leave out. At most a dozen of each.
    struct Words: Hashable {
        var wanted: [String] = []
        var unwanted: [String] = []

        init(_ text: String) {
            for token in text.split(whereSeparator: \.isWhitespace) {
                let unwanted = token.hasPrefix("-") && token.count > 1
                let folded = ClearingSearchRow.fold(String(unwanted ? token.dropFirst() : token)).split(separator: " ").map(String.init)
                if unwanted { self.unwanted += folded } else { wanted += folded }
            }
            wanted = Array(wanted.prefix(12))
            unwanted = Array(unwanted.prefix(12))
        }

        var isEmpty: Bool { wanted.isEmpty && unwanted.isEmpty }
    }

    /// The slots whose words match, best first, as the database's full-text index reads them. Each word matches as
    /// the start of a word, so "secur" finds "sécurité" and "course" finds "courses".
    private static func matches(_ words: Words, on db: any Database) async throws -> [Int] {
        let sql = db as! any SQLDatabase
        var found: [Int]
        if words.wanted.isEmpty {
            found = try await sql.select().column("slot").from(ClearingSearchRow.schema).where("published", .equal, SQLBind(true))
                .orderBy("slot").all().map { try $0.decode(column: "slot", as: Int.self) }
        } else {
            found = try await slots(words.wanted, all: true, on: sql)
        }
        if !words.unwanted.isEmpty {
            let unwanted = Set(try await slots(words.unwanted, all: false, on: sql))
            found.removeAll(where: unwanted.contains)
        }
        return found
    }

    /// The most a search reads back from the full-text index; its facets count at most as many.
    static let matchLimit = 100_000

    private static func slots(_ words: [String], all: Bool, on sql: any SQLDatabase) async throws -> [Int] {
        let rows: [any SQLRow]
        if sql.dialect.name == "sqlite" {
            let match = words.map { "\"\($0)\"*" }.joined(separator: all ? " AND " : " OR ")
            rows = try await sql.raw("""
                SELECT rowid AS slot FROM clearing_search_fts WHERE clearing_search_fts MATCH \(bind: match)
                ORDER BY bm25(clearing_search_fts, 10.0, 1.0), rowid LIMIT \(unsafeRaw: String(matchLimit))
                """).all()
        } else {
            let query = words.map { "\($0):*" }.joined(separator: all ? " & " : " | ")
            rows = try await sql.raw("""
                SELECT slot FROM clearing_search WHERE document @@ to_tsquery('simple', \(bind: query))
                ORDER BY ts_rank(document, to_tsquery('simple', \(bind: query))) DESC, slot LIMIT \(unsafeRaw: String(matchLimit))
                """).all()
        }
        return try rows.map { try $0.decode(column: "slot", as: Int.self) }
    }
}

/// Reads the clearing-house's index when the server starts, in the background, so that the first search after a
/// start does not wait for a hundred thousand rows.
struct ClearingIndexWarmUp: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        Task {
            do {
                _ = try await app.clearingIndex.current(on: app.db)
            } catch {
                app.logger.warning("The clearing-house's index will be read on the first search: \(String(describing: error))")
            }
        }
    }
}

extension Application {
    private struct ClearingIndexKey: StorageKey {
        typealias Value = ClearingIndex
    }

    /// Set once in `configure`, before any request.
    var clearingIndex: ClearingIndex {
        get { storage[ClearingIndexKey.self] ?? ClearingIndex() }
        set { storage[ClearingIndexKey.self] = newValue }
    }
}
