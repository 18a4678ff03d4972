import Fluent
import Foundation

/// A form posted after its writer's session had ended, kept until they sign in again and send it (see
/// `KeptForms`). Its address's secret is stored hashed, like a password link.
final class KeptFormModel: Model, @unchecked Sendable {
    static let schema = "kept_forms"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    /// Where the form was posted: the same address takes it again.
    @Field(key: "path") var path: String
    /// The form as it was posted (`application/x-www-form-urlencoded`).
    @Field(key: "body") var body: String
    /// SHA-256 of the sending browser's CSRF token: only that browser is shown the form again.
    @Field(key: "browser_hash") var browserHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $tokenHash, $path, $body, $browserHash, $createdAt] }

    init() {}

    init(tokenHash: String, path: String, body: String, browserHash: String) {
        self.tokenHash = tokenHash
        self.browserHash = browserHash
        self.path = path
        self.body = body
    }
}
