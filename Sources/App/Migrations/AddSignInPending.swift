import Fluent

/// Sign-in attempts being checked, counted apart from failures (see `ThrottleRule.admitting`).
struct AddSignInPending: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SignInThrottleModel.schema).field("pending", .int, .required, .sql(.default(0))).update()
        try await database.schema(SignInThrottleModel.schema).field("pending_since", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInThrottleModel.schema).deleteField("pending_since").update()
        try await database.schema(SignInThrottleModel.schema).deleteField("pending").update()
    }
}
