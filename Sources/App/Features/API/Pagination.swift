import Vapor

/// Which slice of a list was asked for: `page` (from 1) and `limit` (items per page).
struct PageRequest: Equatable {
    static let maximumLimit = 200
    /// Rows on a page of a list on the web: enough to choose from without a long scroll on a phone, little
    /// enough to arrive quickly on a slow line.
    static let pageLimit = 25

    let page: Int
    let limit: Int

    var offset: Int { (page - 1) * limit }

    init(page: Int, limit: Int) {
        self.page = page
        self.limit = limit
    }

    init(_ query: QueryReader, defaultLimit: Int = 50) throws {
        page = try query.int("page", in: 1...1_000_000) ?? 1
        limit = try query.int("limit", in: 1...Self.maximumLimit) ?? defaultLimit
    }

    func slice<T>(_ items: [T]) -> [T] {
        guard offset < items.count else { return [] }
        return Array(items[offset..<min(items.count, offset + limit)])
    }

    func pageCount(total: Int) -> Int { max(1, (total + limit - 1) / limit) }

    /// A page past the last one is the last one, on the web: its rows and "page 4 of 4", not an empty page that
    /// says nothing exists.
    func clamped(total: Int) -> PageRequest {
        PageRequest(page: min(page, pageCount(total: total)), limit: limit)
    }
}

/// One page of a list, with the total so a client knows how many pages there are.
struct Paginated<Item: Content>: Content {
    let items: [Item]
    let total: Int
    let page: Int
    let limit: Int

    init(_ all: [Item], _ request: PageRequest) {
        self.init(items: request.slice(all), total: all.count, request)
    }

    /// A page read from the database already sliced, with the count of the whole list.
    init(items: [Item], total: Int, _ request: PageRequest) {
        self.items = items
        self.total = total
        page = request.page
        limit = request.limit
    }
}
