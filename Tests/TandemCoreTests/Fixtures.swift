import Foundation
@testable import TandemCore

/// The reference files the product ships, read from the package's `Resources/Data`.
enum Fixtures {
    static let dataDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/Data")

    static func text(_ name: String) -> String {
        (try? String(contentsOf: dataDirectory.appendingPathComponent(name), encoding: .utf8)) ?? ""
    }

    static let states: [StateParty] = {
        guard case .success(let states) = StatesPartiesFile.parse(text("states-parties.csv")) else { return [] }
        return states
    }()

    static let resolver = StateNameResolver(states)

    static let history: ProgrammeHistory? = {
        guard case .success(let history) = ProgrammeHistoryFile.parse(
            partnerships: text("mpp-partnerships-2012-2019.csv"),
            participants: text("mpp-participants-2012-2019.csv"),
            resolver: resolver) else { return nil }
        return history
    }()

    static func state(_ iso3: String, _ group: RegionalGroup) -> StateParty {
        StateParty(iso2: String(iso3.prefix(2)), iso3: iso3, m49: "000", nameEN: iso3, nameFR: iso3, nameES: iso3,
                   regionalGroup: group, region: "", subregion: "", languages: [], aliases: [])
    }

    static func partnership(_ mentor: String, _ mentee: String, visits: [(year: Int, status: VisitStatus)] = [(2015, .completed)]) -> Partnership {
        Partnership(code: "\(visits.first?.year ?? 0)-\(mentor)-\(mentee)",
                    participants: [Participant(iso3: mentor, role: .mentor), Participant(iso3: mentee, role: .mentee)],
                    start: nil, end: nil, status: .active,
                    visits: visits.map { Visit(host: mentor, visitor: mentee, start: nil, end: nil, year: $0.year, status: $0.status) })
    }
}
