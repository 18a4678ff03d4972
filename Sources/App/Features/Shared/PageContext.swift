import LeafKit
import TandemCore
import Vapor

/// What every page's layout needs besides the page's own content: its language, its strings,
/// where it is, and the links that switch its language.
struct PageContext<Content: Encodable>: Encodable {
    struct LanguageLink: Encodable, Hashable, Sendable {
        let code: String
        let label: String
        let href: String
        let current: Bool
    }

    let lang: String
    let t: PageTable
    let title: String
    let section: String
    let languages: [LanguageLink]
    /// The signed-in person's name, nil for the public.
    let user: String?
    /// Whether to offer the audit log in the navigation (the route itself checks again).
    let canAudit: Bool
    /// Whether to offer the invitation form (administrators and programme officers).
    let canInvite: Bool
    /// Whether to offer the programme dashboard (programme officers and administrators).
    let canManageProgramme: Bool
    /// Whether to offer applications, proposals and partnerships: a State Party's focal point's, or the officers'.
    /// Other roles have none of their own, so the menus would always be empty.
    let takesPartInProgramme: Bool
    /// How many things wait on the signed-in person ("To do"); nil where the role has no such list.
    let tasks: Int?
    /// What the change just made led to, said once ("Your application was submitted").
    let confirmation: String?
    /// The messages of a refused form, listed at the top of the page.
    let errorSummary: [ErrorLink]?
    /// For the sign-out button in the header, signed in only.
    let csrf: String?
    let page: Content
}

extension PageContext: Equatable where Content: Equatable {}
extension PageContext: Hashable where Content: Hashable {}
extension PageContext: Sendable where Content: Sendable {}

extension Request {
    /// Renders `template` inside the shared layout.
    func renderPage<Content: Encodable>(_ template: String, title: String, _ content: Content) async throws -> View {
        try await view.render(template, try await pageContext(title: title, content))
    }

    /// What the layout shows around `content` on this request.
    func pageContext<Content: Encodable>(title: String, _ content: Content) async throws -> PageContext<Content> {
        let language = self.language
        return PageContext(
            lang: language.rawValue,
            t: localizer.pageTables[language] ?? PageTable([:], language: language),
            title: title,
            section: Self.section(of: url.path),
            languages: Language.allCases.map { other in
                .init(code: other.rawValue, label: localizer.text("language_name", other),
                      href: link(replacing: ["lang": other.rawValue]), current: other == language)
            },
            user: currentUser?.displayName,
            canAudit: AccessPolicy.decide(actor, .readAudit).isAllowed,
            canInvite: AccessPolicy.decide(actor, .invite(role: .member)).isAllowed,
            canManageProgramme: AccessPolicy.decide(actor, .manageProgramme).isAllowed,
            takesPartInProgramme: actor.role == .focalPoint || AccessPolicy.decide(actor, .manageProgramme).isAllowed,
            // A count that cannot be read (the database away) must not stop the page, least of all an error page.
            tasks: (try? await application.taskCount.count(for: self)) ?? nil,
            confirmation: content is any WithoutConfirmation ? nil : confirmation,
            errorSummary: ErrorLink.summary(of: content),
            csrf: currentUser == nil ? nil : csrfToken,
            page: content)
    }

    /// Which part of the site a path belongs to, so the navigation can mark it.
    static func section(of path: String) -> String {
        let parts = path.split(separator: "/")
        guard let first = parts.first else { return "home" }
        if first == "partnerships" { return "workspace" }
        return first == "programme" && parts.count > 1 ? String(parts[1]) : String(first)
    }

    /// This page's address with some query items replaced (nil removes one) and empty ones left out.
    func link(replacing changes: [String: String?], path: String? = nil) -> String {
        // Most pages are opened without a query, and each makes several links: parse only one that is there.
        let sent = url.query?.isEmpty == false ? URLComponents(string: url.string)?.queryItems ?? [] : []
        // Empty values (a form's "all" option) mean nothing and would not pass the API's strict checks.
        var items = sent.filter { changes[$0.name] == nil && $0.value?.isEmpty == false }
        for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
            if let value { items.append(URLQueryItem(name: name, value: value)) }
        }
        var components = URLComponents()
        components.path = path ?? url.path
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? url.path
    }
}

/// A language's texts for the templates, already in the templates' own form. The localizer makes one per
/// language, so a table is known by its language (which is what a cached page's key needs, not 1,200 texts).
struct PageTable: Encodable, LeafDataRepresentable, Hashable, Sendable {
    let language: Language
    let texts: [String: String]
    let leafData: LeafData

    init(_ texts: [String: String], language: Language) {
        self.language = language
        self.texts = texts
        leafData = .dictionary(texts.mapValues(LeafData.string))
    }

    func encode(to encoder: any Encoder) throws {
        try texts.encode(to: encoder)
    }

    static func == (one: PageTable, other: PageTable) -> Bool { one.language == other.language }

    func hash(into hasher: inout Hasher) { hasher.combine(language) }
}
