import Fluent
import SQLKit

/// The clearing-house's search table: one row per record, numbered by a slot that the in-memory facet index and the
/// database's full-text index share. Its words are indexed by SQLite's FTS5 (kept in step by triggers) or by a
/// PostgreSQL `tsvector` with a GIN index. `seq` is the clearing-house's data version when the row was last
/// written, so each instance reloads only what changed since it last looked; `published_at` is the moment the record
/// last became public (ISO 8601, UTC), for saved searches' alerts of what is new.
struct CreateClearingSearch: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("""
                CREATE TABLE clearing_search (slot INTEGER PRIMARY KEY AUTOINCREMENT, record_id BLOB NOT NULL UNIQUE, published BOOLEAN NOT NULL,
                kind TEXT NOT NULL, visibility TEXT NOT NULL, published_on TEXT NOT NULL, published_at TEXT, title_key TEXT NOT NULL,
                codes TEXT NOT NULL, seq INTEGER NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL)
                """).run()
            try await sql.raw("""
                CREATE VIRTUAL TABLE clearing_search_fts USING fts5(title, body, content='clearing_search', content_rowid='slot',
                tokenize='unicode61 remove_diacritics 2')
                """).run()
            try await sql.raw("""
                CREATE TRIGGER clearing_search_inserted AFTER INSERT ON clearing_search BEGIN
                INSERT INTO clearing_search_fts(rowid, title, body) VALUES (new.slot, new.title, new.body); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER clearing_search_deleted AFTER DELETE ON clearing_search BEGIN
                INSERT INTO clearing_search_fts(clearing_search_fts, rowid, title, body) VALUES ('delete', old.slot, old.title, old.body); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER clearing_search_updated AFTER UPDATE ON clearing_search BEGIN
                INSERT INTO clearing_search_fts(clearing_search_fts, rowid, title, body) VALUES ('delete', old.slot, old.title, old.body);
                INSERT INTO clearing_search_fts(rowid, title, body) VALUES (new.slot, new.title, new.body); END
                """).run()
        } else {
            try await sql.raw("""
                CREATE TABLE clearing_search (slot BIGSERIAL PRIMARY KEY, record_id UUID NOT NULL UNIQUE REFERENCES clearing_records (id) ON DELETE CASCADE,
                published BOOLEAN NOT NULL, kind TEXT NOT NULL, visibility TEXT NOT NULL, published_on TEXT NOT NULL, published_at TEXT, title_key TEXT NOT NULL,
                codes TEXT NOT NULL, seq BIGINT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, document TSVECTOR NOT NULL)
                """).run()
            try await sql.raw("CREATE INDEX clearing_search_document ON clearing_search USING GIN (document)").run()
        }
        try await sql.raw("CREATE INDEX clearing_search_seq ON clearing_search (seq)").run()
        try await sql.insert(into: DataVersion.schema).columns("name", "version")
            .values(SQLBind(DataVersion.Name.clearing.rawValue), SQLBind(Int64(0))).ignoringConflicts(with: "name").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.delete(from: DataVersion.schema).where("name", .equal, SQLBind(DataVersion.Name.clearing.rawValue)).run()
        if sql.dialect.name == "sqlite" { try await sql.raw("DROP TABLE clearing_search_fts").run() }
        try await sql.raw("DROP TABLE clearing_search").run()
    }
}
