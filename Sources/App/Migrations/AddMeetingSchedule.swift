import Fluent

/// A bilateral meeting the Secretariat schedules before it is held: its status, its time of day and whether it is
/// online, and a version so that recording it as held happens once. Meetings recorded before were all held.
struct AddMeetingSchedule: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column at a time: SQLite adds one per statement.
        let schema = BilateralMeetingModel.schema
        try await database.schema(schema).field("status", .string, .required, .sql(.default("held"))).update()
        try await database.schema(schema).field("time", .string).update()
        try await database.schema(schema).field("online", .bool, .required, .sql(.default(false))).update()
        try await database.schema(schema).field("version", .int, .required, .sql(.default(0))).update()
    }

    func revert(on database: any Database) async throws {
        for field in ["version", "online", "time", "status"] {
            try await database.schema(BilateralMeetingModel.schema).deleteField(.string(field)).update()
        }
    }
}
