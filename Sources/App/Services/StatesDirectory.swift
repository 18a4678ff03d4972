import Fluent
import TandemCore
import Vapor

/// The 193 States Parties held in memory: reference data that changes only when it is reloaded,
/// read by nearly every page.
struct StatesDirectory: Sendable {
    let states: [StateParty]
    let resolver: StateNameResolver
    /// Each state's regional group, as the statistics and filters need it.
    let groupOf: [String: RegionalGroup]
    private let byISO3: [String: StateParty]
    /// Each state's names, normalised once for searching.
    private let searchKeys: [String: [String]]
    /// The states in the alphabetical order of each language (Å after A in every one of them).
    private let ordered: [Language: [StateParty]]

    init(_ states: [StateParty]) {
        self.states = states.sorted { $0.nameEN < $1.nameEN }
        self.searchKeys = Dictionary(uniqueKeysWithValues: states.map { state in
            (state.iso3, state.allNames.map(StateNameResolver.normalise) + [state.iso3.lowercased()])
        })
        self.ordered = Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
            (language, states.sorted {
                $0.name(in: language).compare($1.name(in: language), locale: language.locale) == .orderedAscending
            })
        })
        self.resolver = StateNameResolver(states)
        self.byISO3 = Dictionary(uniqueKeysWithValues: states.map { ($0.iso3, $0) })
        self.groupOf = byISO3.mapValues(\.regionalGroup)
    }

    subscript(iso3: String) -> StateParty? { byISO3[iso3.uppercased()] }

    func name(_ iso3: String, in language: Language) -> String {
        byISO3[iso3]?.name(in: language) ?? iso3
    }

    /// States whose name in any language, or alias or code, contains the search text, ignoring case and
    /// accents, in the alphabetical order of `language`.
    func search(_ query: String?, group: RegionalGroup?, language: Language = .en) -> [StateParty] {
        let all = ordered[language] ?? states
        // Every state, as a filter's list of choices asks on every page: no search to run.
        if group == nil, query?.isEmpty ?? true { return all }
        let needle = StateNameResolver.normalise(query ?? "")
        return all.filter { state in
            if let group, state.regionalGroup != group { return false }
            return needle.isEmpty || searchKeys[state.iso3, default: []].contains { $0.contains(needle) }
        }
    }

    static func load(from database: any Database) async throws -> StatesDirectory {
        StatesDirectory(try await StatePartyModel.query(on: database).all().compactMap(\.value))
    }
}

extension Application {
    private struct StatesDirectoryKey: StorageKey {
        typealias Value = StatesDirectory
    }

    var statesDirectory: StatesDirectory {
        get { storage[StatesDirectoryKey.self] ?? StatesDirectory([]) }
        set { storage[StatesDirectoryKey.self] = newValue }
    }
}

extension Request {
    var states: StatesDirectory { application.statesDirectory }
}
