import Fluent

struct CreateSignInThrottles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SignInThrottleModel.schema)
            .id()
            .field("key", .string, .required)
            .field("failures", .int, .required)
            .field("window_start", .datetime, .required)
            .field("locked_until", .datetime)
            .unique(on: "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignInThrottleModel.schema).delete()
    }
}
