import NIOConcurrencyHelpers
import TandemCore
import Vapor

/// Parts of list pages as rendered HTML, kept by what they were rendered from: the template, the language and
/// the values the template reads. A list whose rows have not changed since someone last saw it in that language
/// costs its queries but no template work; anything that changes what the page shows changes the key, so there
/// is nothing to invalidate and nothing stale to show.
final class RenderedContent: Sendable {
    private struct Key: Hashable, Sendable {
        let template: String
        let language: Language
        let page: AnySendableHashable
    }

    private let kept = NIOLockedValueBox([Key: String]())
    /// Past this many parts the cache starts again empty.
    let capacity: Int
    /// A part larger than this (a list page's is some 20 KB) is rendered each time rather than kept. With keys
    /// kept small too (`longestKeptAddress`), the cache holds at most some `capacity` × 2 × `largestKept`.
    let largestKept: Int
    /// A page whose address is longer than this (its links, and so the keys of its parts, repeat the address) is
    /// put together without the cache: no filter a person chooses makes one so long.
    static let longestKeptAddress = 2_048

    init(capacity: Int = 1_000, largestKept: Int = 64 * 1024) {
        self.capacity = capacity
        self.largestKept = largestKept
    }

    func html<Page: Hashable & Sendable>(_ template: String, _ language: Language, _ page: Page,
                                          render: () async throws -> String) async throws -> String {
        let key = Key(template: template, language: language, page: AnySendableHashable(page))
        if let html = kept.withLockedValue({ $0[key] }) { return html }
        let html = try await render()
        guard html.utf8.count <= largestKept else { return html }
        kept.withLockedValue { kept in
            if kept.count >= capacity { kept.removeAll() }
            kept[key] = html
        }
        return html
    }
}

/// A hashable value of any type that can cross threads, as `AnyHashable` is but checked to be `Sendable`.
private struct AnySendableHashable: Hashable, @unchecked Sendable {
    // Only ever made from a `Sendable` value (`init`), so the box is as safe to share as the value.
    private let value: AnyHashable

    init<Value: Hashable & Sendable>(_ value: Value) {
        self.value = AnyHashable(value)
    }
}

/// What a list page's content template reads: its language's texts and the page's values, nothing about who
/// asks (that is the layout's), so the content can be kept for whoever sees the same values.
private struct ContentContext<Page: Encodable>: Encodable {
    let t: PageTable
    let page: Page
}

/// The layout's part has no content of its own.
private struct NoContent: Encodable, Hashable, Sendable {}

extension Request {
    /// Renders a list page from three kept parts: the layout's top (by who asks, where, in which language), the
    /// page's content (by its values and language) and the layout's foot (by language). A page seen before
    /// costs its queries and no template work.
    func renderListPage<Page: Encodable & Hashable & Sendable>(_ template: String, title: String, _ page: Page) async throws -> View {
        let layout = try await pageContext(title: title, NoContent())
        let language = self.language
        let keeps = url.string.utf8.count <= RenderedContent.longestKeptAddress
        func part<Key: Hashable & Sendable, Context: Encodable>(_ template: String, _ key: Key, _ context: Context) async throws -> String {
            let render = { String(buffer: try await self.view.render(template, context).data) }
            return keeps ? try await application.renderedContent.html(template, language, key, render: render) : try await render()
        }
        let top = try await part("shared/page-top", layout, layout)
        let content = try await part(template, page, ContentContext(t: layout.t, page: page))
        let foot = try await part("shared/page-bottom", NoContent(), layout)
        return View(data: ByteBuffer(string: top + content + foot))
    }
}

extension Application {
    private struct RenderedContentKey: StorageKey {
        typealias Value = RenderedContent
    }

    /// Set once in `configure`, before any request.
    var renderedContent: RenderedContent {
        get { storage[RenderedContentKey.self] ?? RenderedContent() }
        set { storage[RenderedContentKey.self] = newValue }
    }
}
