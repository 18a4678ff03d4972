import Fluent
import Foundation
import TandemCore
import Vapor

/// `/calendar/{token}.ics`: a person's calendar feed. The address itself is the secret (calendar apps
/// send no cookies); only its SHA-256 is stored, and making a new one retires the old.
struct CalendarFeedController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("calendar", ":file", use: feed)
    }

    @Sendable func feed(req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        guard file.hasSuffix(".ics"),
              let feed = try await CalendarFeedModel.query(on: req.db).filter(\.$tokenHash == SecretToken.hash(String(file.dropLast(4))))
                .with(\.$user).first(), feed.user.isActive else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let text = try await CalendarFeed(app: req.application, user: feed.user).document(on: req.db, now: req.application.clock.now())
        return VisitCalendar.response(text, filename: "tandem.ics")
    }

    /// Makes the person's feed address, replacing any earlier one; returns the address to show once.
    static func renew(for user: UserModel, _ req: Request) async throws -> String {
        let secret = SecretToken.make()
        try await req.db.writeTransaction { db in
            try await CalendarFeedModel.query(on: db).filter(\.$user.$id == user.requireID()).delete()
            try await CalendarFeedModel(userID: try user.requireID(), tokenHash: SecretToken.hash(secret)).create(on: db)
            try await req.audit("create", entity: "calendar_feed", key: user.email, actor: user.email, on: db)
        }
        return req.application.config.baseURL + "/calendar/\(secret).ics"
    }
}
