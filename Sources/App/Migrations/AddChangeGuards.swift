import Fluent
import SQLKit

/// What keeps two people acting at once from breaking the programme's invariants: a version on every record
/// that is edited or decided, unique indexes behind the rules "one active application per state and call",
/// "one standing proposal per mentee and call" and "one partnership per proposal", and an index for every
/// query that runs per request or per poll. The indexes are plain SQL that SQLite and PostgreSQL share.
struct AddChangeGuards: AsyncMigration {
    static let versioned = [
        ApplicationModel.schema, ReportModel.schema, PartnershipProposalModel.schema, PartnershipModel.schema,
        SignInThrottleModel.schema, MatchingRunModel.schema,
    ]

    static let indexes: [(name: String, sql: String)] = [
        ("applications_one_active",
         "CREATE UNIQUE INDEX applications_one_active ON applications (call_id, state_iso3) WHERE status NOT IN ('not_accepted', 'withdrawn')"),
        ("proposals_one_standing",
         "CREATE UNIQUE INDEX proposals_one_standing ON partnership_proposals (call_id, mentee_iso3) WHERE status <> 'declined'"),
        ("partnerships_one_per_proposal", "CREATE UNIQUE INDEX partnerships_one_per_proposal ON partnerships (proposal_id)"),
        ("applications_by_call_status", "CREATE INDEX applications_by_call_status ON applications (call_id, status)"),
        ("applications_by_state", "CREATE INDEX applications_by_state ON applications (state_iso3, created_at)"),
        ("proposals_by_call_status", "CREATE INDEX proposals_by_call_status ON partnership_proposals (call_id, status)"),
        ("outbox_due", "CREATE INDEX outbox_due ON mail_outbox (status, next_attempt_at)"),
        ("sessions_by_user", "CREATE INDEX sessions_by_user ON sessions (user_id)"),
        ("audit_by_entity", "CREATE INDEX audit_by_entity ON audit_log (entity, entity_key, at)"),
        ("audit_by_time", "CREATE INDEX audit_by_time ON audit_log (at)"),
        ("visits_by_partnership", "CREATE INDEX visits_by_partnership ON visits (partnership_id)"),
        ("events_by_partnership", "CREATE INDEX events_by_partnership ON partnership_events (partnership_id, at)"),
        ("tasks_by_partnership", "CREATE INDEX tasks_by_partnership ON partnership_tasks (partnership_id)"),
        ("notes_by_partnership", "CREATE INDEX notes_by_partnership ON partnership_notes (partnership_id)"),
        ("meetings_by_partnership", "CREATE INDEX meetings_by_partnership ON bilateral_meetings (partnership_id)"),
        ("delegates_by_visit", "CREATE INDEX delegates_by_visit ON visit_delegates (visit_id)"),
        ("status_changes_by_application", "CREATE INDEX status_changes_by_application ON application_status_changes (application_id)"),
        ("report_versions_by_report", "CREATE INDEX report_versions_by_report ON report_versions (report_id)"),
        ("participants_by_state", "CREATE INDEX participants_by_state ON partnership_participants (state_iso3)"),
        ("users_by_state", "CREATE INDEX users_by_state ON users (state_iso3, role)"),
    ]

    func prepare(on database: any Database) async throws {
        for schema in Self.versioned {
            try await database.schema(schema).field("version", .int, .required, .sql(.default(0))).update()
        }
        let sql = database as! any SQLDatabase
        for index in Self.indexes {
            try await sql.raw(SQLQueryString(index.sql)).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in Self.indexes.reversed() {
            try await sql.raw(SQLQueryString("DROP INDEX \(unsafeRaw: index.name)")).run()
        }
        for schema in Self.versioned.reversed() {
            try await database.schema(schema).deleteField("version").update()
        }
    }
}
