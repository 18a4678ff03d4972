import TandemCore
import Vapor

extension Request {
    private struct CSRFTokenKey: StorageKey {
        typealias Value = String
    }

    static let csrfCookie = "tandem_csrf"
    static let csrfField = "_csrf"

    /// The token every state-changing form carries; made when a form is first shown and kept in a cookie.
    var csrfToken: String {
        if let token = storage[CSRFTokenKey.self] ?? sentCookies[Self.csrfCookie]?.string, !token.isEmpty { return token }
        let token = SecretToken.make()
        storage[CSRFTokenKey.self] = token
        return token
    }

    /// Issues a new token, e.g. at sign-in, so a token seen before cannot be replayed afterwards.
    func rotateCSRFToken() {
        storage[CSRFTokenKey.self] = SecretToken.make()
    }

    fileprivate var newCSRFToken: String? { storage[CSRFTokenKey.self] }
}

/// Refuses any form submission whose token does not match the one in the browser's cookie. Another
/// site can make a browser send the cookie, but cannot read it to copy it into the form.
struct CSRFMiddleware: AsyncMiddleware {
    let secureCookies: Bool

    /// The most fields a form or an address may carry. Reading bracketed names (`areas[0][outputs][1]`) takes
    /// time that grows with the square of their number, so a body of tens of thousands of tiny fields could
    /// hold the server for minutes; the longest real form has under a thousand.
    static let mostFields = 2000
    static let mostQueryParameters = 100

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let query = request.url.query, query.utf8.count(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: ";") }) >= Self.mostQueryParameters {
            throw Abort(.badRequest, reason: request.localizer.text("error_too_many_fields", request.language, ["count": String(Self.mostQueryParameters)]))
        }
        if ![.GET, .HEAD, .OPTIONS].contains(request.method), !request.url.path.hasPrefix("/api/"), !Self.readsOnly(request.url.path) {
            let multipart = request.headers.contentType?.type == "multipart"
            // Without the cookie no token can match: refused before a body of up to a file's size is read.
            guard let expected = request.sentCookies[Request.csrfCookie]?.string, !expected.isEmpty else {
                throw Abort(.forbidden, reason: request.text("error_csrf"))
            }
            // A body that arrives in several packets is still streaming here: read it whole before looking
            // for the token in it (the route reads the same collected body afterwards). Only the pages that take a
            // file take a body the size of one.
            let takesFile = multipart && Self.takesFile(request.url.path)
            // Only someone signed in sends a file: nobody else makes the server read one.
            if takesFile && request.currentUser == nil { throw Abort(.forbidden, reason: request.text("error_csrf")) }
            if request.body.data == nil {
                let limit = takesFile ? UploadType.readLimit : request.application.routes.defaultMaxBodySize.value
                _ = try await request.body.collect(max: limit).get()
            }
            if let body = request.body.data, Self.fieldCount(body, boundary: multipart ? request.headers.contentType?.parameters["boundary"] : nil) > Self.mostFields {
                throw Abort(.badRequest, reason: request.localizer.text("error_too_many_fields", request.language, ["count": String(Self.mostFields)]))
            }
            let sent = (try? request.content.get(String.self, at: Request.csrfField)) ?? ""
            guard sent.utf8.count == expected.utf8.count,
                  zip(sent.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
                throw Abort(.forbidden, reason: request.text("error_csrf"))
            }
        }
        let response = try await next.respond(to: request)
        if let token = request.newCSRFToken {
            response.cookies[Request.csrfCookie] = HTTPCookies.Value(
                string: token, path: "/", isSecure: secureCookies, isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }
}

extension CSRFMiddleware {
    /// Addresses that take POST only as another way of asking (the OAI-PMH endpoint): nothing to forge.
    static func readsOnly(_ path: String) -> Bool {
        path == "/clearing-house/oai"
    }

    /// The pages that take a file (a signed application form, a memorandum of understanding, a library item's document).
    static func takesFile(_ path: String) -> Bool {
        path.hasSuffix("/signed-form") || path.hasSuffix("/mou") || (path.hasPrefix("/clearing-house/records/") && path.hasSuffix("/file"))
    }

    /// How many fields a form body holds, counted in one pass over its bytes without reading them: separators of
    /// an URL-encoded form, or boundaries of a multipart one.
    static func fieldCount(_ body: ByteBuffer, boundary: String?) -> Int {
        let bytes = body.readableBytesView
        guard let boundary, !boundary.isEmpty else {
            return bytes.count(where: { $0 == UInt8(ascii: "&") }) + 1
        }
        let marker = Array("--\(boundary)".utf8)
        var count = 0, index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: marker[0]) {
            if bytes[found...].starts(with: marker) {
                count += 1
                index = found + marker.count
            } else {
                index = found + 1
            }
        }
        return max(0, count - 1)
    }
}
