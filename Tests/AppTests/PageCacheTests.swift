import Testing
import Vapor
@testable import App

extension AppTests {
    @Suite struct PageCacheTests {
        func page(_ text: String) -> PageCache.Page {
            .init(body: ByteBuffer(string: text), contentType: "text/html")
        }

        @Test func keepsPagesOfTheCurrentVersionOnly() {
            let cache = PageCache()
            cache.store(page("one"), key: "en /states", version: 1)
            #expect(cache.page("en /states", version: 1)?.body == ByteBuffer(string: "one"))
            #expect(cache.page("fr /states", version: 1) == nil)
            #expect(cache.page("en /states", version: 2) == nil)
            cache.store(page("two"), key: "en /", version: 2)
            #expect(cache.page("en /states", version: 1) == nil)
        }

        @Test func neverHoldsMoreThanItsCapacity() {
            let cache = PageCache(capacityBytes: 100)
            cache.store(page(String(repeating: "a", count: 60)), key: "a", version: 1)
            cache.store(page(String(repeating: "b", count: 60)), key: "b", version: 1)
            #expect(cache.page("a", version: 1) == nil)
            #expect(cache.page("b", version: 1) != nil)
            cache.store(page(String(repeating: "c", count: 500)), key: "c", version: 1)
            #expect(cache.page("c", version: 1) == nil)
        }
    }
}
