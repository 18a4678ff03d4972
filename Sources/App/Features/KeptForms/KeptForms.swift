import Fluent
import Foundation
import Vapor

/// A form sent after its writer's session ended is not lost: it is kept for a day under a secret address, the
/// writer is asked to sign in and then lands on a page that holds every value they typed, ready to send again.
/// This is what keeps a long text safe without JavaScript (with it, `autosave.js` keeps it in the browser too).
enum KeptForms {
    static let lifetime: TimeInterval = 24 * 3600
    static let pathPrefix = "/kept-forms/"

    /// Keeps the request's form, if it is one, and returns the address to come back to after signing in.
    static func keep(_ req: Request) async throws -> String? {
        guard req.method == .POST, req.headers.contentType == .urlEncodedForm, let body = req.body.string, !body.isEmpty,
              let path = Sessions.localPath(req.url.path), !path.hasPrefix("/account") else { return nil }
        let secret = SecretToken.make()
        let now = req.application.clock.now()
        try await KeptFormModel.query(on: req.db).filter(\.$createdAt < now.addingTimeInterval(-lifetime)).delete()
        try await KeptFormModel(tokenHash: SecretToken.hash(secret), path: path, body: body).create(on: req.db)
        return pathPrefix + secret
    }

    /// The fields of a kept form in their order, without the old CSRF token; a background save becomes a
    /// plain save, so sending it shows the page with what was saved.
    static func fields(of body: String) -> [(name: String, value: String)] {
        body.split(separator: "&", omittingEmptySubsequences: true).compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let name = parts.first, !name.isEmpty, name != "_csrf" else { return nil }
            let value = parts.count > 1 ? parts[1] : ""
            return (name, name == "action" && value == "autosave" ? "save" : value)
        }
    }
}
