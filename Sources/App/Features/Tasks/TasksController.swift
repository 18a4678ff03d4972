import Vapor

/// `/tasks`: what waits on the signed-in person, the page they land on after signing in.
struct TasksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireMiddleware(.manageOwnAccount))
        signedIn.get("tasks", use: index)
        // Where officers' bookmarks and earlier emails still point.
        routes.get("programme", "awaiting") { req in req.redirect(to: "/tasks", redirectType: .permanent) }
    }

    @Sendable func index(req: Request) async throws -> View {
        var list = try await TaskList.of(req)
        list.news = try await RecentNews(reader: TaskReader(req)).lines()
        return try await req.renderPage("tasks/index", title: req.text("tasks_title"), list)
    }
}
