import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
@testable import App

/// Tandem listening on a real port, for tests that send real requests at the same moment: each request is its
/// own connection through Vapor's HTTP client, as browsers would make them.
struct LiveServer {
    let app: Application
    let base: String

    /// Starts the application's server on a free port for the time of `body`.
    static func run(_ app: Application, _ body: (LiveServer) async throws -> Void) async throws {
        app.http.client.configuration.redirectConfiguration = .disallow
        try await app.asyncBoot()
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            let port = try #require(app.http.server.shared.localAddress?.port)
            try await body(LiveServer(app: app, base: "http://127.0.0.1:\(port)"))
        } catch {
            await app.server.shutdown()
            throw error
        }
        await app.server.shutdown()
    }

    /// A form post as a browser sends it, with the jar's cookies and CSRF token.
    func post(_ path: String, _ fields: [String: String], jar: CookieJar, headers extra: HTTPHeaders = [:]) async throws -> ClientResponse {
        var fields = fields
        fields["_csrf"] = jar.values[Request.csrfCookie]
        var headers = jar.header
        headers.add(contentsOf: extra)
        headers.contentType = .urlEncodedForm
        var components = URLComponents()
        components.queryItems = fields.map { URLQueryItem(name: $0.key, value: $0.value) }
        let body = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return try await app.client.post(URI(string: base + path), headers: headers) { $0.body = ByteBuffer(string: body) }
    }

    /// A JSON request with a bearer token.
    func json(_ method: HTTPMethod, _ path: String, token: String, body: String) async throws -> ClientResponse {
        try await app.client.send(method, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                  to: URI(string: base + path)) { $0.body = ByteBuffer(string: body) }
    }

    /// Runs `count` copies of `request` at once (each waits at a barrier until all are ready), and returns their
    /// answers' status codes in the order of their index.
    func together(_ count: Int, _ request: @escaping @Sendable (Int) async throws -> ClientResponse) async throws -> [UInt] {
        let ready = Barrier(count)
        return try await withThrowingTaskGroup(of: (Int, UInt).self) { group in
            for index in 0..<count {
                group.addTask {
                    await ready.arrive()
                    return (index, try await request(index).status.code)
                }
            }
            var codes = [UInt](repeating: 0, count: count)
            for try await (index, code) in group { codes[index] = code }
            return codes
        }
    }
}

/// Holds tasks until `count` of them have arrived, so their requests leave together.
final class Barrier: Sendable {
    private let state: NIOLockedValueBox<(arrived: Int, waiting: [CheckedContinuation<Void, Never>])>
    private let count: Int

    init(_ count: Int) {
        self.count = count
        state = NIOLockedValueBox((0, []))
    }

    func arrive() async {
        await withCheckedContinuation { continuation in
            let release = state.withLockedValue { state -> [CheckedContinuation<Void, Never>] in
                state.arrived += 1
                state.waiting.append(continuation)
                guard state.arrived == count else { return [] }
                defer { state.waiting = [] }
                return state.waiting
            }
            release.forEach { $0.resume() }
        }
    }
}

extension ClientResponse {
    var text: String { body.map { String(buffer: $0) } ?? "" }
}
