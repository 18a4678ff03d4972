import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// Keeps a record's row of the search table in step with the record, in the transaction that changes it: its
/// kind, visibility and codes for the facet index, and its words folded (accents and case) for the full-text
/// index. The words are every language's version of the texts, and the labels of its codes in English, French
/// and Spanish, so a search in any of them finds it. Only a published record has words: the others are not found.
enum ClearingSearchRow {
    static let schema = "clearing_search"

    static func write(_ record: ClearingRecordModel, app: Application, on db: any Database) async throws {
        let kind = try record.recordKind
        let document = try record.recordDocument()
        let format = RecordFormat.of(kind)
        let published = record.status == Publication.Status.published.rawValue
        let sql = db as! any SQLDatabase
        // A record neither published before nor now changes nothing anyone can search: its row stays, and the data
        // version with it, so a draft saved every minute leaves the kept searches and pages as they are.
        if !published, let row = try await sql.select().column("published").from(schema).where("record_id", .equal, SQLBind(try record.requireID())).first(),
           try !row.decode(column: "published", as: Bool.self) {
            return
        }
        let codes = codes(of: record, kind: kind, document: document, states: app.statesDirectory)
        let title = published ? fold(document.text(format.title.name, original: record.originalLanguage).allText) : ""
        let body = published ? fold(document.writtenText(format) + "\n" + labels(codes, format: format, app: app)) : ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let codesJSON = String(decoding: try encoder.encode(codes.mapValues { $0.sorted() }), as: UTF8.self)
        let seq = try await DataVersion.bump(.clearing, on: db)
        var columns = ["record_id", "published", "kind", "visibility", "published_on", "title_key", "codes", "seq", "title", "body"]
        var values: [any SQLExpression] = [
            SQLBind(try record.requireID()), SQLBind(published), SQLBind(kind.rawValue), SQLBind(record.visibility), SQLBind(record.publishedOn ?? ""),
            SQLBind(fold(document[format.title.name])), SQLBind(codesJSON), SQLBind(seq), SQLBind(title), SQLBind(body),
        ]
        if sql.dialect.name != "sqlite" {
            // The title weighs more than the rest in the ranking, as it does in FTS5's (see `ClearingIndex.matches`).
            func weighted(_ text: String, _ weight: String) -> any SQLExpression {
                SQLFunction("setweight", args: SQLFunction("to_tsvector", args: SQLLiteral.string("simple"), SQLBind(text)), SQLLiteral.string(weight))
            }
            columns.append("document")
            values.append(SQLBinaryExpression(left: weighted(title, "A"), op: SQLRaw("||"), right: weighted(body, "B")))
        }
        // The moment it became public: kept while it stays published, so an edit or a confirmation is not news.
        columns.append("published_at")
        values.append(published ? SQLBind(Self.moment(app.clock.now())) : SQLLiteral.null)
        try await sql.insert(into: schema).columns(columns).values(values)
            .onConflict(with: ["record_id"]) { update in
                columns.dropFirst().filter { $0 != "published_at" }.reduce(update) { $0.set(excludedValueOf: $1) }
                    .set("published_at", to: SQLRaw(
                        "CASE WHEN \(schema).published AND excluded.published THEN \(schema).published_at ELSE excluded.published_at END"))
            }
            .run()
    }

    /// Writes the rows of records that have none (records kept before the search table was made).
    static func fillMissing(app: Application) async throws {
        let indexed = Set(try await (app.db as! any SQLDatabase).select().column("record_id").from(schema).all()
            .map { try $0.decode(column: "record_id", as: UUID.self) })
        for record in try await ClearingRecordModel.query(on: app.db).all() where !indexed.contains(try record.requireID()) {
            try await app.db.writeTransaction { try await write(record, app: app, on: $0) }
        }
    }

    /// A moment as `published_at` holds it: to the millisecond, so that text order is time order and a record
    /// published in the same second as a search was saved is still news to it.
    static func moment(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Lower case, accents and punctuation gone: what both full-text indexes hold and are asked.
    static func fold(_ text: String) -> String {
        // An elided article is a word of its own: "d’Ivoire" is found by "Ivoire", "l’autorité" by "autorite".
        StateNameResolver.normalise(text.replacingOccurrences(of: "['’ʼ`´]", with: " ", options: .regularExpression))
    }

    /// A record's codes, with its State Party and regional group for a national record.
    static func codes(of record: ClearingRecordModel, kind: RecordKind, document: RecordDocument, states: StatesDirectory) -> [String: Set<String>] {
        var codes = document.codes(.of(kind))
        if let state = record.stateISO3 {
            codes["states", default: []].insert(state)
            if let group = states.groupOf[state] { codes["groups", default: []].insert(group.slug) }
        }
        return codes
    }

    private static func labels(_ codes: [String: Set<String>], format: RecordFormat, app: Application) -> String {
        Language.allCases.flatMap { language in
            let labels = RecordLabels(localizer: app.localizer, states: app.statesDirectory, language: language)
            return RecordSearch.facetFields([format.kind]).flatMap { field in (codes[field.name] ?? []).map { labels.code($0, of: field) } }
        }.joined(separator: "\n")
    }
}
