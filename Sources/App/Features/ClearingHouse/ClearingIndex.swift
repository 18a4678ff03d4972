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
    /// What the full-text index found for each word asked of the data version held, newest use last. A search's
    /// matches are made from its words' in memory: people's searches share their words, and a facet clicked or a
    /// page turned asks the same ones again.
    private var found: [String: WordHits] = [:]
    private var foundInOrder: [String] = []
    private var foundBytes = 0
    /// The words being read from the database: the same word asked meanwhile waits for that answer.
    private var asking: [Asked: Task<WordHits, any Error>] = [:]
    private struct Asked: Hashable {
        let word: String
        let version: Int64
    }
    /// Past this many bytes kept in all, the words asked longest ago go first.
    static let bytesKept = 16 * 1024 * 1024

    /// The records having a word, anywhere and in their title.
    struct WordHits {
        let anywhere: Bitset
        let inTitle: Bitset

        var weight: Int { (anywhere.words.count + inTitle.words.count) * 8 }
    }

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
        found = [:]
        foundInOrder = []
        foundBytes = 0
        return Snapshot(index: index, records: records, version: version)
    }

    /// What the words match (nil when the search has no words), for the data version of `snapshot`: every record
    /// with all the wanted words and none of the others, and for each wanted word the records with it in their title.
    func matches(_ text: String, in snapshot: Snapshot, on db: any Database) async throws -> WordMatches? {
        let words = Words(text)
        guard !words.isEmpty else { return nil }
        var matches = WordMatches(slots: words.wanted.isEmpty ? snapshot.index.slots : Bitset())
        for (number, word) in words.wanted.enumerated() {
            let hits = try await hits(word, in: snapshot, on: db)
            matches.slots = number == 0 ? hits.anywhere : matches.slots.intersection(hits.anywhere)
            matches.inTitle.append(hits.inTitle)
        }
        for word in words.unwanted {
            matches.slots = matches.slots.subtracting(try await hits(word, in: snapshot, on: db).anywhere)
        }
        return matches
    }

    /// A word's records: kept from when it was last asked of this data version, or being read, otherwise read now.
    private func hits(_ word: String, in snapshot: Snapshot, on db: any Database) async throws -> WordHits {
        guard snapshot.version == version else { return try await Self.hits(word, on: db) }
        if let kept = found[word] {
            foundInOrder.removeAll { $0 == word }
            foundInOrder.append(word)
            return kept
        }
        let asked = Asked(word: word, version: version)
        if let asking = asking[asked] { return try await asking.value }
        let task = Task { try await Self.hits(word, on: db) }
        asking[asked] = task
        defer { asking[asked] = nil }
        let hits = try await task.value
        // Kept only while the index is still at the version searched: an answer read across a reload is used once.
        guard snapshot.version == version, found[word] == nil else { return hits }
        found[word] = hits
        foundInOrder.append(word)
        foundBytes += hits.weight
        while foundBytes > Self.bytesKept, foundInOrder.count > 1 {
            foundBytes -= found.removeValue(forKey: foundInOrder.removeFirst())?.weight ?? 0
        }
        return hits
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

    /// A word's records as the database's full-text index reads them, unranked: ranking every match in the database
    /// costs more than the rest of a search when a common word matches tens of thousands of records, and the order is
    /// made in memory from the title's words (`WordMatches.ranked`). A word matches as the start of a word, so "secur"
    /// finds "sécurité" and "course" finds "courses".
    private static func hits(_ word: String, on db: any Database) async throws -> WordHits {
        let sql = db as! any SQLDatabase
        return WordHits(anywhere: try await slots(word, inTitle: false, on: sql), inTitle: try await slots(word, inTitle: true, on: sql))
    }

    /// The database gathers the slots into one list: a row per match would cost more to read than the search itself.
    private static func slots(_ word: String, inTitle: Bool, on sql: any SQLDatabase) async throws -> Bitset {
        let query: SQLQueryString
        if sql.dialect.name == "sqlite" {
            let match = inTitle ? "{title} : \"\(word)\"*" : "\"\(word)\"*"
            query = "SELECT group_concat(rowid) AS slots FROM clearing_search_fts WHERE clearing_search_fts MATCH \(bind: match)"
        } else {
            // The title is the document's weight A.
            query = """
                SELECT string_agg(slot::text, ',') AS slots FROM clearing_search WHERE document @@ to_tsquery('simple', \(bind: word + ":*" + (inTitle ? "A" : "")))
                """
        }
        guard let row = try await sql.raw(query).first(), try !row.decodeNil(column: "slots") else { return Bitset() }
        return Bitset(listed: try row.decode(column: "slots", as: String.self))
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
