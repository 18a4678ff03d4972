import Fluent
import Vapor

/// A live API token as the account page and an administrator's view of an account list it.
struct APITokenRow: Encodable {
    let id: String
    let name: String
    let scope: String
    let created: String
    let lastUsed: String

    /// The tokens of `userID` that are not revoked, newest first.
    static func live(of userID: UUID, _ req: Request) async throws -> [APITokenRow] {
        let language = req.language
        return try await APITokenModel.query(on: req.db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .sort(\.$createdAt, .descending).all().map {
                APITokenRow(id: try $0.requireID().uuidString, name: $0.name,
                            scope: req.localizer.text("tokens_scope_" + $0.scope, language),
                            created: $0.createdAt.map(language.formatMoment) ?? "—",
                            lastUsed: $0.lastUsedAt.map { language.formatMoment($0) } ?? "—")
            }
    }
}
