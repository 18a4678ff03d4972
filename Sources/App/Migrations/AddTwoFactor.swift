import Fluent

/// TOTP secrets on accounts, one-time recovery codes, and a stage on sessions: a session that has passed
/// the password but not yet the second factor opens no page but the code form.
struct AddTwoFactor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds columns one at a time.
        try await database.schema(UserModel.schema).field("totp_secret", .string).update()
        try await database.schema(UserModel.schema).field("totp_pending_secret", .string).update()
        try await database.schema(UserModel.schema).field("totp_last_step", .int64).update()
        try await database.schema(SessionModel.schema)
            .field("stage", .string, .required, .sql(.default(SessionModel.Stage.full.rawValue))).update()
        try await database.schema(RecoveryCodeModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "user_id", "code_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RecoveryCodeModel.schema).delete()
        try await database.schema(SessionModel.schema).deleteField("stage").update()
        try await database.schema(UserModel.schema).deleteField("totp_secret").update()
        try await database.schema(UserModel.schema).deleteField("totp_pending_secret").update()
        try await database.schema(UserModel.schema).deleteField("totp_last_step").update()
    }
}
