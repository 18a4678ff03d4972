import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// A browser's cookies, carried from one test request to the next.
struct CookieJar {
    var values: [String: String] = [:]

    init() {}

    /// A jar holding a `Cookie:` header's pairs, e.g. what `RouteRoleMatrixTests.signIn` returns.
    init(header: String) {
        for pair in header.split(separator: ";") {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
    }

    var header: HTTPHeaders {
        values.isEmpty ? [:] : ["Cookie": values.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    mutating func take(_ response: TestingHTTPResponse) {
        for (name, cookie) in response.headers.setCookie?.all ?? [:] {
            if cookie.string.isEmpty || cookie.maxAge == 0 { values[name] = nil } else { values[name] = cookie.string }
        }
    }
}

private func form(_ fields: [(String, String)]) -> ByteBuffer {
    var components = URLComponents()
    components.queryItems = fields.map { URLQueryItem(name: $0.0, value: $0.1) }
    // URLComponents leaves "+" alone, but a form body reads it as a space.
    return ByteBuffer(string: (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B"))
}

/// A form submission as a browser makes it: the jar's cookies, and its CSRF token unless told otherwise.
func post(_ tester: any TestingApplicationTester, _ path: String, _ fields: [String: String], jar: inout CookieJar,
          csrf: Bool = true, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
    var fields = fields
    if csrf { fields["_csrf"] = jar.values[Request.csrfCookie] }
    var headers = jar.header
    headers.contentType = .urlEncodedForm
    for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
    let response = try await tester.performTest(request: .init(
        method: .POST, url: .init(path: path), headers: headers, body: form(fields.map { ($0.key, $0.value) })))
    jar.take(response)
    return response
}

/// A form whose fields repeat a name (checkboxes, a multiple choice), sent in order with the jar's CSRF token.
func post(_ tester: any TestingApplicationTester, _ path: String, pairs: [(String, String)], jar: inout CookieJar) async throws -> TestingHTTPResponse {
    var headers = jar.header
    headers.contentType = .urlEncodedForm
    let fields = [("_csrf", jar.values[Request.csrfCookie] ?? "")] + pairs
    let response = try await tester.performTest(request: .init(method: .POST, url: .init(path: path), headers: headers, body: form(fields)))
    jar.take(response)
    return response
}

func get(_ tester: any TestingApplicationTester, _ path: String, jar: inout CookieJar) async throws -> TestingHTTPResponse {
    let response = try await tester.performTest(request: .init(method: .GET, url: .init(path: path), headers: jar.header, body: ByteBuffer()))
    jar.take(response)
    return response
}
