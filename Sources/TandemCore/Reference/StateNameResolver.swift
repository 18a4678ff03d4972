import Foundation

/// Finds the State Party a name refers to, whatever its case, accents or punctuation, in English,
/// French or Spanish, or by one of its aliases or codes.
public struct StateNameResolver: Sendable {
    public enum Failure: Error, Equatable, Sendable {
        /// No State Party has this name; `suggestions` are the closest names (at most three).
        case unknown(name: String, suggestions: [String])
    }

    private let statesByISO3: [String: StateParty]
    private let isoByKey: [String: String]
    /// Each normalised name with the display name it came from, for suggestions.
    private let names: [(key: String, display: String)]

    public init(_ states: [StateParty]) {
        var byISO3: [String: StateParty] = [:]
        var byKey: [String: String] = [:]
        var names: [(String, String)] = []
        for state in states {
            byISO3[state.iso3] = state
            for name in state.allNames {
                let key = Self.normalise(name)
                guard !key.isEmpty else { continue }
                byKey[key] = byKey[key] ?? state.iso3
                names.append((key, name))
            }
        }
        statesByISO3 = byISO3
        isoByKey = byKey
        self.names = names
    }

    public func resolve(_ name: String) -> Result<StateParty, Failure> {
        let trimmed = name.trimmingSpaces
        if trimmed.count == 3, let state = statesByISO3[trimmed.uppercased()] { return .success(state) }
        if let iso3 = isoByKey[Self.normalise(trimmed)], let state = statesByISO3[iso3] { return .success(state) }
        return .failure(.unknown(name: trimmed, suggestions: suggestions(for: trimmed)))
    }

    /// The names closest to `name` by edit distance, nearest first, one per State Party.
    public func suggestions(for name: String, limit: Int = 3) -> [String] {
        let key = Self.normalise(name)
        guard !key.isEmpty else { return [] }
        let scored = names.map { (distance: Self.editDistance(key, $0.key), display: $0.display, key: $0.key) }
            .filter { $0.distance <= max(3, key.count / 3) }
            .sorted { ($0.distance, $0.display) < ($1.distance, $1.display) }
        var seen = Set<String>()
        var result: [String] = []
        for candidate in scored {
            guard let iso3 = isoByKey[candidate.key], !seen.contains(iso3) else { continue }
            seen.insert(iso3)
            result.append(candidate.display)
            if result.count == limit { break }
        }
        return result
    }

    /// Lower case, accents removed, every run of punctuation or space a single space.
    public static func normalise(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var result = ""
        var lastWasSpace = true
        for scalar in folded.unicodeScalars {
            if scalar == "'" || scalar == "\u{2019}" { continue }
            if CharacterSet.alphanumerics.contains(scalar) {
                result.unicodeScalars.append(scalar)
                lastWasSpace = false
            } else if !lastWasSpace {
                result.append(" ")
                lastWasSpace = true
            }
        }
        if result.hasSuffix(" ") { result.removeLast() }
        return result
    }

    /// Edit distance where swapping two neighbouring letters counts as one edit, the commonest typo.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
