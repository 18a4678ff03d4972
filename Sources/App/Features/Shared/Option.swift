/// A choice in a filter's drop-down list.
struct SelectOption: Encodable {
    let value: String
    let label: String
    let selected: Bool
}

/// A link with its text, for names that lead somewhere.
struct Link: Encodable {
    let text: String
    let href: String
}

/// Previous/next links under a paginated list.
struct PagerContext: Encodable {
    let previous: String?
    let next: String?
    let summary: String
}

/// A labelled value, for definition lists.
struct LabelValue: Encodable {
    let label: String
    let value: String
}
