/// A search of the clearing-house as its address carries it, so a search can be bookmarked, shared, saved and
/// sent again by an alert: words, kinds of record, coded values to keep (`f.area=inspections`) or to leave out
/// (`x.status=met`), the order and the page. Values of one field are alternatives; fields are combined.
public struct RecordQuery: Equatable, Sendable {
    public enum Order: String, CaseIterable, Sendable {
        case relevance, newest, title
    }

    public var text: String
    public var kinds: Set<RecordKind>
    public var included: [String: Set<String>]
    public var excluded: [String: Set<String>]
    public var order: Order
    public var page: Int

    /// The longest search text read, and the most values a field may carry; more is cut, not an error.
    public static let textLimit = 200
    public static let valuesPerField = 50

    public init(text: String = "", kinds: Set<RecordKind> = [], included: [String: Set<String>] = [:], excluded: [String: Set<String>] = [:],
                order: Order = .relevance, page: Int = 1) {
        self.text = text
        self.kinds = kinds
        self.included = included
        self.excluded = excluded
        self.order = order
        self.page = page
    }

    /// Reads the address's items; anything it does not know is left out rather than refused.
    public init(items: [(name: String, value: String)]) {
        self.init()
        for (name, value) in items {
            switch name {
            case "q": text = String(value.trimmingCharacters(in: .whitespacesAndNewlines).prefix(Self.textLimit))
            case "kind": if let kind = RecordKind(slug: value) ?? RecordKind(rawValue: value) { kinds.insert(kind) }
            case "sort": order = Order(rawValue: value) ?? order
            case "page": page = Int(value).map { min(max($0, 1), 10_000) } ?? 1
            default:
                guard let field = Self.field(name, prefix: "f."), !value.isEmpty else {
                    if let field = Self.field(name, prefix: "x."), !value.isEmpty, excluded[field, default: []].count < Self.valuesPerField {
                        excluded[field, default: []].insert(value)
                    }
                    continue
                }
                if included[field, default: []].count < Self.valuesPerField { included[field, default: []].insert(value) }
            }
        }
    }

    private static func field(_ name: String, prefix: String) -> String? {
        guard name.hasPrefix(prefix) else { return nil }
        let field = String(name.dropFirst(prefix.count))
        return !field.isEmpty && field.count <= 40 && field.allSatisfy({ $0.isLetter || $0 == "_" }) ? field : nil
    }

    /// The address's items, in a stable order, for links and saved searches.
    public var items: [(name: String, value: String)] {
        var items: [(String, String)] = []
        if !text.isEmpty { items.append(("q", text)) }
        items += kinds.map(\.slug).sorted().map { ("kind", $0) }
        for field in included.keys.sorted() { items += included[field]!.sorted().map { ("f." + field, $0) } }
        for field in excluded.keys.sorted() { items += excluded[field]!.sorted().map { ("x." + field, $0) } }
        if order != .relevance { items.append(("sort", order.rawValue)) }
        if page > 1 { items.append(("page", String(page))) }
        return items
    }

    /// The same search with `code` of `field` kept, or no longer kept if it was; back to the first page.
    public func toggling(_ field: String, _ code: String) -> RecordQuery {
        var next = self
        if next.included[field]?.remove(code) == nil { next.included[field, default: []].insert(code) }
        if next.included[field]?.isEmpty == true { next.included[field] = nil }
        next.excluded[field]?.remove(code)
        if next.excluded[field]?.isEmpty == true { next.excluded[field] = nil }
        next.page = 1
        return next
    }

    /// The same search with `code` of `field` left out, or no longer left out; back to the first page.
    public func excluding(_ field: String, _ code: String) -> RecordQuery {
        var next = self
        if next.excluded[field]?.remove(code) == nil { next.excluded[field, default: []].insert(code) }
        if next.excluded[field]?.isEmpty == true { next.excluded[field] = nil }
        next.included[field]?.remove(code)
        if next.included[field]?.isEmpty == true { next.included[field] = nil }
        next.page = 1
        return next
    }
}
