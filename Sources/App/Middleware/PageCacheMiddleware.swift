import NIOConcurrencyHelpers
import TandemCore
import Vapor

/// Keeps rendered public pages and API answers in memory, keyed by address, language and the fingerprint of
/// what the public sees (`ProgrammeCache.fingerprint`, the clearing-house's data version and the day), so each is rendered once per change of public data
/// rather than once per visitor, and work in a partnership's private workspace leaves it as it is. Only successful
/// HTML and JSON answers to GET requests are kept; a new data version empties the cache.
final class PageCache: Sendable {
    struct Page: Sendable {
        let body: ByteBuffer
        let contentType: String
    }

    private struct State {
        var version: Int64 = -1
        var pages: [String: Page] = [:]
        var bytes = 0
    }

    private let state = NIOLockedValueBox(State())
    /// The most the kept pages may weigh together; past it the cache starts again empty, so a crawler
    /// inventing addresses costs memory up to this bound and no more.
    let capacityBytes: Int

    init(capacityBytes: Int = 16 * 1024 * 1024) {
        self.capacityBytes = capacityBytes
    }

    func page(_ key: String, version: Int64) -> Page? {
        state.withLockedValue { $0.version == version ? $0.pages[key] : nil }
    }

    func store(_ page: Page, key: String, version: Int64) {
        state.withLockedValue { state in
            let size = page.body.readableBytes + key.utf8.count
            if state.version != version || state.bytes + size > capacityBytes {
                state = State(version: version)
            }
            guard state.pages[key] == nil, size <= capacityBytes else { return }
            state.pages[key] = page
            state.bytes += size
        }
    }
}

struct PageCacheMiddleware: AsyncMiddleware {
    let cache: PageCache

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // A signed-in person's pages carry their name and forms of their own, and a token's calls are the
        // token's: never shared, never kept.
        guard request.method == .GET, request.sentCookies[Request.sessionCookie] == nil, request.sentCookies[Confirmation.cookie] == nil,
              request.headers.first(name: .authorization) == nil else {
            return try await next.respond(to: request)
        }
        // The clearing-house's pages, and a partnership's page listing the records related to it, change with its
        // writes; what is open, due or not updated since changes with the day.
        var fingerprint = Hasher()
        fingerprint.combine(try await request.application.programmeCache.fingerprint(on: request.db))
        fingerprint.combine(try await DataVersion.current(.clearing, on: request.db))
        fingerprint.combine(CivilDate(utc: request.application.clock.now()))
        let version = Int64(fingerprint.finalize())
        let key = "\(request.language.rawValue) \(request.url.string)"
        if let page = cache.page(key, version: version) {
            return Response(status: .ok, headers: ["Content-Type": page.contentType], body: .init(buffer: page.body))
        }
        let response = try await next.respond(to: request)
        // An answer tagged with its record's version (ETag) is not kept: the tag belongs to it.
        if response.status == .ok, response.headers.first(name: .eTag) == nil, let contentType = response.headers.first(name: .contentType),
           contentType.hasPrefix("text/html") || contentType.hasPrefix("application/json"),
           let body = response.body.buffer {
            cache.store(.init(body: body, contentType: contentType), key: key, version: version)
        }
        return response
    }
}

extension Application {
    private struct PageCacheKey: StorageKey {
        typealias Value = PageCache
    }

    /// Set once in `configure`, before any request: storage is not safe to change while serving.
    var pageCache: PageCache {
        get { storage[PageCacheKey.self] ?? PageCache() }
        set { storage[PageCacheKey.self] = newValue }
    }

    private struct ClearingAnswersKey: StorageKey {
        typealias Value = PageCache
    }

    /// The clearing-house API's search answers for signed-in readers and tokens, kept per audience (what its records'
    /// visibility lets it read) until the clearing-house's data version moves: the same for every reader of an audience.
    var clearingAnswers: PageCache {
        get { storage[ClearingAnswersKey.self] ?? PageCache() }
        set { storage[ClearingAnswersKey.self] = newValue }
    }
}
