import Vapor

/// A form refused with its messages stays at the address it was sent to (`/applications/{id}/decision`). Opened
/// again from the address bar, a bookmark or a reload, such an address leads back to the page that holds the form
/// rather than to "page not found".
enum FormAddresses {
    /// Adds a GET to every page form's address that has none, leading to the nearest address above it that has a
    /// page (`/partnerships/{code}/framework/{n}/decision` leads to `/partnerships/{code}/framework`).
    static func leadBack(_ app: Application) {
        let gets = Set(app.routes.all.filter { $0.method == .GET }.map { pattern($0.path) })
        let formsOnly = app.routes.all.filter { route in
            route.method == .POST && route.path.first != "api" && !gets.contains(pattern(route.path)) && route.path.count > 1
        }
        for path in Set(formsOnly.map(\.path).map(pattern)).sorted() {
            let segments = path.split(separator: "/").map(String.init)
            // How many segments to drop to reach a page: the nearest ancestor with a GET, or the home page.
            let drop = (1..<segments.count).first { gets.contains(segments.dropLast($0).joined(separator: "/")) } ?? segments.count
            let components = segments.map { $0 == ":" ? PathComponent.anything : PathComponent(stringLiteral: $0) }
            app.get(components) { req -> Response in
                let parts = req.url.path.split(separator: "/").dropLast(drop)
                return req.redirect(to: "/" + parts.joined(separator: "/"), redirectType: .normal)
            }.userInfo[userInfoKey] = true
        }
    }

    /// The nearest address above `path` that is a page (`/applications/{id}` above `/applications/{id}/edit`), for
    /// an error page's way back; nil when only the home page is above it.
    static func nearestPage(above path: String, in routes: Routes) -> String? {
        let pages = routes.all.filter { $0.method == .GET && $0.userInfo[userInfoKey] == nil && $0.path.first != "api" }.map(\.path)
        var segments = path.split(separator: "/").map(String.init)
        while segments.count > 1 {
            segments.removeLast()
            let candidate = segments
            if pages.contains(where: { route in
                route.count == candidate.count && zip(route, candidate).allSatisfy { component, segment in
                    if case .constant(let constant) = component { return constant == segment }
                    return component != .catchall
                }
            }) {
                // The segments are as the request sent them, still percent-encoded.
                return "/" + segments.joined(separator: "/")
            }
        }
        return nil
    }

    /// Marks the routes added here, so a listing of routes can tell them apart.
    static let userInfoKey = "leads_back_to_form"

    /// A route's path with its parameters unnamed, so `/visits/:number` and `/visits/:n` are the same address.
    private static func pattern(_ path: [PathComponent]) -> String {
        path.map { component in
            switch component {
            case .parameter, .anything: ":"
            default: component.description
            }
        }.joined(separator: "/")
    }
}
