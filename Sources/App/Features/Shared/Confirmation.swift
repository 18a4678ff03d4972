import Vapor

/// The confirmation a change leaves for the page it leads to ("The decision is recorded; the state was told."),
/// shown there once as a status message. The cookie carries only a key of the locale files (`done_…`), so nothing
/// a person typed is echoed back, and the page that shows it clears it (`ConfirmationMiddleware`).
enum Confirmation {
    static let cookie = "tandem_done"
    static let prefix = "done_"
}

extension Request {
    /// A redirect after a change, with its confirmation for the next page.
    func redirect(to path: String, confirming key: String) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        response.cookies[Confirmation.cookie] = HTTPCookies.Value(
            string: key, maxAge: 120, path: "/", isSecure: application.config.isSecure, isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// The confirmation the last change left for this page, in its language; nil for any key Tandem does not have.
    var confirmation: String? {
        guard let key = sentCookies[Confirmation.cookie]?.string, key.hasPrefix(Confirmation.prefix),
              localizer.table(.en)[key] != nil else { return nil }
        return localizer.text(key, language)
    }
}

/// A page that must not show a confirmation, such as an error page: the change it would confirm may not have been
/// made. The confirmation waits for the next page.
protocol WithoutConfirmation {}

/// Clears a confirmation once a page has shown it; a redirect passes it on to the page it leads to.
struct ConfirmationMiddleware: AsyncMiddleware {
    let secureCookies: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if request.sentCookies[Confirmation.cookie] != nil, !(300..<400).contains(response.status.code),
           response.cookies[Confirmation.cookie] == nil,
           response.headers.first(name: .contentType)?.hasPrefix("text/html") == true {
            response.cookies[Confirmation.cookie] = HTTPCookies.Value(
                string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: secureCookies, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}
