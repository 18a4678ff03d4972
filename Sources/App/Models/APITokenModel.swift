import Fluent
import Foundation

/// A personal API token: shown once when made, stored only as its SHA-256, revocable.
final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    enum Scope: String, CaseIterable, Codable {
        case read, write
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: UserModel
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "scope") var scope: String
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $user, $name, $tokenHash, $scope, $lastUsedAt, $revokedAt, $createdAt] }

    init() {}

    init(userID: UUID, name: String, tokenHash: String, scope: Scope) {
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.scope = scope.rawValue
    }

    /// Tokens start with a recognisable prefix so that secret scanners and people can tell what they are.
    static let prefix = "tdm_"

    /// Makes a token for `user`; returns the model and the secret to show once.
    static func make(for userID: UUID, name: String, scope: Scope) -> (APITokenModel, String) {
        let secret = prefix + SecretToken.make()
        return (APITokenModel(userID: userID, name: name, tokenHash: SecretToken.hash(secret), scope: scope), secret)
    }
}
