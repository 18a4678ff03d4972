import Fluent
import Foundation

/// A signed-in browser. Kept in the database so every server instance sharing it knows the session,
/// and signing out on one ends it on all.
final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"

    /// How far sign-in has come. Only a full session is a signed-in person.
    enum Stage: String {
        case full
        /// The password was right; the authenticator code is still to come.
        case secondFactor = "second_factor"
        /// The password was right; this role must set up two-factor sign-in before going further.
        case enrolment
    }

    @ID(key: .id) var id: UUID?
    /// SHA-256 of the cookie's secret: a copy of the database does not let anyone sign in.
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: UserModel
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "address") var address: String
    @Field(key: "user_agent") var userAgent: String
    @Field(key: "stage") var stage: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $tokenHash, $user, $lastSeenAt, $address, $userAgent, $stage, $createdAt] }

    init() {}

    init(tokenHash: String, userID: UUID, lastSeenAt: Date, address: String, userAgent: String, stage: Stage = .full) {
        self.stage = stage.rawValue
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.lastSeenAt = lastSeenAt
        self.address = address
        self.userAgent = userAgent
    }
}
