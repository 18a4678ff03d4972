import Fluent

/// The deadlines job's record of what it sent, and the lease that lets one instance run it at a time.
struct CreateReminders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SentReminderModel.schema)
            .id()
            .field("key", .string, .required)
            .field("sent_at", .datetime, .required)
            .unique(on: "key")
            .create()
        try await database.schema(JobLeaseModel.schema)
            .id()
            .field("job", .string, .required)
            .field("owner", .string)
            .field("lease_until", .datetime)
            .field("last_run_at", .datetime)
            .unique(on: "job")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [JobLeaseModel.schema, SentReminderModel.schema] {
            try await database.schema(schema).delete()
        }
    }
}
