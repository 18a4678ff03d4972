import Fluent
import Foundation
import Vapor

/// A form sent after its writer's session ended is not lost: it is kept for a day under a secret address, the
/// writer is asked to sign in and then lands on a page that holds every value they typed, ready to send again.
/// This is what keeps a long text safe without JavaScript (with it, `autosave.js` keeps it in the browser too).
///
/// A kept form is shown again only to the browser that sent it (it carries the same CSRF token), so nobody can
/// plant a form for someone else to send by signing in. Each browser keeps its latest few, and all of them
/// together are bounded, so keeping costs a known amount of space.
enum KeptForms {
    static let lifetime: TimeInterval = 24 * 3600
    static let pathPrefix = "/kept-forms/"
    /// Forms larger than this are not kept (an application with its whole results framework is far smaller).
    static let largestBody = 256 * 1024
    static let perBrowser = 3
    static let inAll = 500

    /// Keeps the request's form, if it is one, and returns the address to come back to after signing in.
    static func keep(_ req: Request) async throws -> String? {
        guard req.method == .POST, req.headers.contentType == .urlEncodedForm, let body = req.body.string, !body.isEmpty,
              // Its number of fields was bounded by `CSRFMiddleware` before it got here.
              body.utf8.count <= largestBody,
              let browser = browserHash(req), let path = Sessions.localPath(req.url.path), !path.hasPrefix("/account") else { return nil }
        let secret = SecretToken.make()
        let now = req.application.clock.now()
        try await KeptFormModel.query(on: req.db).filter(\.$createdAt < now.addingTimeInterval(-lifetime)).delete()
        try await keepNewest(perBrowser - 1, of: KeptFormModel.query(on: req.db).filter(\.$browserHash == browser), on: req.db)
        try await keepNewest(inAll - 1, of: KeptFormModel.query(on: req.db), on: req.db)
        try await KeptFormModel(tokenHash: SecretToken.hash(secret), path: path, body: body, browserHash: browser).create(on: req.db)
        return pathPrefix + secret
    }

    /// Who sent a form: the hash of their browser's CSRF token, which the CSRF check has already matched.
    static func browserHash(_ req: Request) -> String? {
        guard let token = req.sentCookies[Request.csrfCookie]?.string, !token.isEmpty else { return nil }
        return SecretToken.hash(token)
    }

    private static func keepNewest(_ count: Int, of query: QueryBuilder<KeptFormModel>, on db: any Database) async throws {
        // Only ids are read: kept bodies may be large. There are never more than `inAll` rows to look through.
        let older = try await query.sort(\.$createdAt, .descending).sort(\.$id).range(count..<(count + inAll)).field(\.$id).all()
            .map { try $0.requireID() }
        if !older.isEmpty { try await KeptFormModel.query(on: db).filter(\.$id ~~ older).delete() }
    }

    /// The fields of a kept form in their order, without the old CSRF token; a background save becomes a
    /// plain save, so sending it shows the page with what was saved.
    static func fields(of body: String) -> [(name: String, value: String)] {
        FormBody.pairs(body).filter { $0.name != "_csrf" }.map { name, value in
            (name, name == "action" && value == "autosave" ? "save" : value)
        }
    }
}
