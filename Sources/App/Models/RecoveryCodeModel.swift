import Fluent
import Foundation

/// A one-time code that replaces the authenticator once, for someone who has lost their phone.
final class RecoveryCodeModel: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: UserModel
    /// SHA-256 of the normalised code; the code itself is shown once and never stored.
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $user, $codeHash, $usedAt, $createdAt] }

    init() {}

    init(userID: UUID, codeHash: String) {
        self.$user.id = userID
        self.codeHash = codeHash
    }
}
