import TandemCore

/// The bounds of the long forms (`FormBounds`), for pages to state them on their fields and count against them.
struct FormLimits: Encodable, Sendable {
    let long = FormBounds.longText
    let short = FormBounds.shortText
}
