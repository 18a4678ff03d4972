import Fluent
import Foundation

/// A signed-in browser. Kept in the database so every server instance sharing it knows the session,
/// and signing out on one ends it on all.
final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    /// SHA-256 of the cookie's secret: a copy of the database does not let anyone sign in.
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: UserModel
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "address") var address: String
    @Field(key: "user_agent") var userAgent: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(tokenHash: String, userID: UUID, lastSeenAt: Date, address: String, userAgent: String) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.lastSeenAt = lastSeenAt
        self.address = address
        self.userAgent = userAgent
    }
}
