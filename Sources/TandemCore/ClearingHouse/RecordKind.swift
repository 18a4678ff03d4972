/// The kinds of record the clearing-house keeps, each in one common format.
public enum RecordKind: String, CaseIterable, Codable, Sendable {
    /// Capacity-building projects and initiatives: a series of linked activities over months or years.
    case project
    /// A standalone chance to apply for: a grant, a course, a fellowship, a scholarship, an internship, a funding call.
    case opportunity
    /// A State Party's own statement of what it needs, with its priority.
    case need
    /// An item of the library (manuals, guidelines, case studies, reports), described in Dublin Core.
    case resource
    /// An organisation that implements, funds or collaborates in capacity building.
    case organisation
    /// A person on the experts roster, put forward by their State Party.
    case expert

    /// A State Party's records about itself: published by its own focal points (or by the Secretariat with its
    /// consent), never reviewed. Every other kind is reviewed by the Secretariat before it is published.
    public var isNational: Bool { self == .need || self == .expert }

    /// The address of its list (`/clearing-house/opportunities`).
    public var slug: String {
        switch self {
        case .project: "projects"
        case .opportunity: "opportunities"
        case .need: "needs"
        case .resource: "library"
        case .organisation: "organisations"
        case .expert: "experts"
        }
    }

    public init?(slug: String) {
        guard let kind = Self.allCases.first(where: { $0.slug == slug }) else { return nil }
        self = kind
    }
}

/// Who may read a record once it is published.
public enum RecordVisibility: String, CaseIterable, Codable, Sendable {
    /// Everyone, signed in or not.
    case `public`
    /// Anyone signed in: National Authorities, partner organisations, network members, the Secretariat.
    case members
    /// The Secretariat only (and the record's owners).
    case secretariat

    public func admits(signedIn: Bool, secretariat: Bool) -> Bool {
        switch self {
        case .public: true
        case .members: signedIn
        case .secretariat: secretariat
        }
    }
}
