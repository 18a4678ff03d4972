import Vapor

/// A form refused with its messages stays at the address it was sent to (`/applications/{id}/decision`). Opened
/// again from the address bar, a bookmark or a reload, such an address leads back to the page that holds the form
/// rather than to "page not found".
enum FormAddresses {
    /// Adds a GET to every page form's address that has none, leading to the address one level up.
    static func leadBack(_ app: Application) {
        let gets = Set(app.routes.all.filter { $0.method == .GET }.map { pattern($0.path) })
        let formsOnly = app.routes.all.filter { route in
            route.method == .POST && route.path.first != "api" && !gets.contains(pattern(route.path)) && route.path.count > 1
        }
        for path in Set(formsOnly.map(\.path).map(pattern)).sorted() {
            let components = path.split(separator: "/").map { $0 == ":" ? PathComponent.anything : PathComponent(stringLiteral: String($0)) }
            app.get(components) { req -> Response in
                let parts = req.url.path.split(separator: "/").dropLast()
                return req.redirect(to: "/" + parts.joined(separator: "/"), redirectType: .normal)
            }.userInfo[userInfoKey] = true
        }
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
