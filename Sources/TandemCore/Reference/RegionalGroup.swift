/// The organisation's five regional groups of States Parties.
public enum RegionalGroup: String, CaseIterable, Codable, Sendable, Comparable {
    case africa = "Africa"
    case asia = "Asia"
    case easternEurope = "Eastern Europe"
    case grulac = "GRULAC"
    case weog = "WEOG"

    /// The URL form used in filters (`?group=eastern-europe`).
    public var slug: String {
        switch self {
        case .africa: "africa"
        case .asia: "asia"
        case .easternEurope: "eastern-europe"
        case .grulac: "grulac"
        case .weog: "weog"
        }
    }

    /// Exactly the URL form, as the API's contract lists it.
    public init?(slug: String) {
        guard let group = RegionalGroup.allCases.first(where: { $0.slug == slug }) else { return nil }
        self = group
    }

    /// Accepts the slug or the name in any case (`eastern-europe`, `Eastern Europe`), as files are written.
    public init?(matching text: String) {
        let wanted = text.lowercased().replacingOccurrences(of: " ", with: "-")
        guard let group = RegionalGroup.allCases.first(where: { $0.slug == wanted }) else { return nil }
        self = group
    }

    public static func < (a: RegionalGroup, b: RegionalGroup) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
