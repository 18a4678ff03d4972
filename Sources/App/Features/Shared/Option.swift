/// A choice in a filter's drop-down list.
struct SelectOption: Encodable, Hashable, Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// A link with its text, for names that lead somewhere.
struct Link: Encodable, Hashable, Sendable {
    let text: String
    let href: String
}

/// Previous/next links under a paginated list.
struct PagerContext: Encodable, Hashable, Sendable {
    let previous: String?
    let next: String?
    let summary: String
}

/// A labelled value, for definition lists.
struct LabelValue: Encodable, Hashable, Sendable {
    let label: String
    let value: String
}
