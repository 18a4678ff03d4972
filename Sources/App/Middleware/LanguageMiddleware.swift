import TandemCore
import Vapor

extension Request {
    private struct LanguageKey: StorageKey {
        typealias Value = Language
    }

    static let languageCookie = "lang"

    /// The page language: `?lang=`, then the cookie the language switcher set, then `Accept-Language`, then English.
    var language: Language {
        if let chosen = storage[LanguageKey.self] { return chosen }
        let chosen = queryValue("lang").flatMap { Language(rawValue: $0.lowercased()) }
            ?? sentCookies[Self.languageCookie].flatMap { Language(rawValue: $0.string) }
            ?? headers.first(name: .acceptLanguage).flatMap(Language.preferred(acceptLanguage:))
            ?? .en
        storage[LanguageKey.self] = chosen
        return chosen
    }

    /// Speaks `language` on this page unless the address asks for another: a link from an email opens in the
    /// language of the email, whatever the browser prefers.
    func speak(_ language: Language) {
        if queryValue("lang").flatMap({ Language(rawValue: $0.lowercased()) }) == nil { storage[LanguageKey.self] = language }
    }

    var localizer: Localizer { application.localizer }

    /// The cookie that keeps a chosen language for a year.
    static func languageCookieValue(_ language: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: language, maxAge: 60 * 60 * 24 * 365, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    func text(_ key: String) -> String { application.localizer.text(key, language) }
}

/// Remembers a language chosen with `?lang=` in a cookie, and tells caches the page depends on it.
struct LanguageMiddleware: AsyncMiddleware {
    let secureCookies: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        // A language the response already set (the account's, on signing in) wins over the address's.
        if let chosen = request.queryValue("lang").flatMap({ Language(rawValue: $0.lowercased()) }), response.cookies[Request.languageCookie] == nil {
            response.cookies[Request.languageCookie] = Request.languageCookieValue(chosen.rawValue, secure: secureCookies)
        }
        response.headers.replaceOrAdd(name: .contentLanguage, value: request.language.rawValue)
        response.headers.replaceOrAdd(name: .vary, value: "Accept-Language, Cookie")
        return response
    }
}
