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

    init(_ states: [StateParty]) {
        self.states = states.sorted { $0.nameEN < $1.nameEN }
        self.resolver = StateNameResolver(states)
        self.byISO3 = Dictionary(uniqueKeysWithValues: states.map { ($0.iso3, $0) })
        self.groupOf = byISO3.mapValues(\.regionalGroup)
    }

    subscript(iso3: String) -> StateParty? { byISO3[iso3.uppercased()] }

    func name(_ iso3: String, in language: Language) -> String {
        byISO3[iso3]?.name(in: language) ?? iso3
    }

    /// States whose name in any language, or alias or code, contains the search text, ignoring case and accents.
    func search(_ query: String?, group: RegionalGroup?) -> [StateParty] {
        let needle = StateNameResolver.normalise(query ?? "")
        return states.filter { state in
            if let group, state.regionalGroup != group { return false }
            guard !needle.isEmpty else { return true }
            return state.iso3.lowercased() == needle
                || state.allNames.contains { StateNameResolver.normalise($0).contains(needle) }
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
