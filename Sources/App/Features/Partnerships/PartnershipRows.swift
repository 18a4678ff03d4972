import TandemCore
import Vapor

/// A partnership as a row of a table on a page, in the reader's language.
struct PartnershipRow: Encodable, Hashable, Sendable {
    let code: String
    let href: String
    let title: String
    let mentors: [Link]
    let mentees: [Link]
    let years: String
    let scope: String
    let status: String
    /// The role of the State Party whose profile lists this row.
    let role: String?
    let partners: [Link]
}

/// A visit as a row of a table on a page.
struct VisitRow: Encodable {
    let year: Int
    let dates: String
    let host: Link
    let visitor: Link
    let status: String
    let note: String
    let partnership: Link
}

/// Builds page rows from domain values; the one place that decides how a partnership reads.
struct ProgrammeRows {
    let states: StatesDirectory
    let localizer: Localizer
    let language: Language
    let today: CivilDate

    init(_ request: Request) {
        states = request.states
        localizer = request.localizer
        language = request.language
        today = CivilDate(utc: request.application.clock.now())
    }

    init(_ reader: TaskReader) {
        states = reader.states
        localizer = reader.localizer
        language = reader.language
        today = CivilDate(utc: reader.application.clock.now())
    }

    /// Its status as of today: one recorded as active with nothing done for two years is said to be not completed.
    func status(_ partnership: Partnership) -> String {
        if let since = partnership.lapsed(on: today) {
            return localizer.text("partnership_status_lapsed", language, ["year": String(since.year)])
        }
        return localizer.text("partnership_status_" + partnership.status.rawValue, language)
    }

    func stateLink(_ iso3: String) -> Link {
        Link(text: states.name(iso3, in: language), href: "/states/\(iso3)")
    }

    func title(_ partnership: Partnership) -> String {
        let names = partnership.states.map { states.name($0, in: language) }.joined(separator: " – ")
        return partnership.start.map { "\(names) (\($0.year))" } ?? names
    }

    func years(_ partnership: Partnership) -> String {
        let years = partnership.visits.map(\.year) + [partnership.start?.year].compactMap { $0 }
        guard let first = years.min(), let last = years.max() else { return "" }
        return first == last ? "\(first)" : "\(first)–\(last)"
    }

    func row(_ partnership: Partnership, for iso3: String? = nil) -> PartnershipRow {
        let role = iso3.flatMap { state in partnership.participants.first { $0.iso3 == state }?.role }
        return PartnershipRow(
            code: partnership.code,
            href: "/programme/partnerships/\(partnership.code)",
            title: title(partnership),
            mentors: partnership.states(in: .mentor).map(stateLink),
            mentees: partnership.states(in: .mentee).map(stateLink),
            years: years(partnership),
            scope: localizer.text("scope_" + PartnershipScope.of(partnership, groupOf: states.groupOf).rawValue, language),
            status: status(partnership),
            role: role.map { localizer.text("role_" + $0.rawValue, language) },
            partners: partnership.states.filter { $0 != iso3 }.map(stateLink))
    }

    func visitRows(_ partnership: Partnership) -> [VisitRow] {
        partnership.visits.map { visit in
            VisitRow(
                year: visit.year,
                dates: dates(visit),
                host: stateLink(visit.host),
                visitor: stateLink(visit.visitor),
                status: localizer.text("visit_status_" + visit.status.rawValue, language),
                note: visit.note,
                partnership: Link(text: title(partnership), href: "/programme/partnerships/\(partnership.code)"))
        }
    }

    func dates(_ visit: Visit) -> String {
        guard let start = visit.start else { return "" }
        guard let end = visit.end, end != start else { return language.format(start) }
        return "\(language.format(start)) – \(language.format(end))"
    }

    func groupOptions(selected: RegionalGroup?) -> [SelectOption] {
        RegionalGroup.allCases.map {
            SelectOption(value: $0.slug, label: localizer.groupName($0, language), selected: $0 == selected)
        }
    }
}
