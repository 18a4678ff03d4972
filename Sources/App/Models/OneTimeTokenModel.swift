import Fluent
import Foundation

/// A single-use link sent to a person: an invitation, a password reset or a first sign-in.
final class OneTimeTokenModel: Model, @unchecked Sendable {
    static let schema = "one_time_tokens"

    enum Purpose: String {
        case invitation, reset
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: UserModel
    @Field(key: "purpose") var purpose: String
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $tokenHash, $user, $purpose, $expiresAt, $usedAt, $createdAt] }

    init() {}

    init(tokenHash: String, userID: UUID, purpose: Purpose, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.purpose = purpose.rawValue
        self.expiresAt = expiresAt
    }
}
