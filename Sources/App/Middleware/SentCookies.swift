import Vapor

extension Request {
    private struct SentCookiesKey: StorageKey {
        typealias Value = HTTPCookies
    }

    /// The cookies the browser sent, parsed once per request: the session, the CSRF check, the language and the
    /// page cache each read them, and Vapor's `cookies` parses the header again on every read.
    var sentCookies: HTTPCookies {
        if let parsed = storage[SentCookiesKey.self] { return parsed }
        let parsed = cookies
        storage[SentCookiesKey.self] = parsed
        return parsed
    }

    /// A query parameter, without decoding the query when there is none (most pages are opened without one).
    func queryValue(_ name: String) -> String? {
        guard url.query?.isEmpty == false else { return nil }
        return query[String.self, at: name]
    }
}
