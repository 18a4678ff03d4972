/// The parts of a pair's score, each a share between 0 and 1 of what the part can give.
public enum ScoreComponent: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    /// The mentee's needs, by priority, covered by the mentor's expertise, by depth.
    case thematicFit = "thematic_fit"
    case sharedLanguage = "shared_language"
    case sameGroup = "same_group"
    case sameSubregion = "same_subregion"
    /// Either side named the other as a preferred partner.
    case statedPreference = "stated_preference"
    /// The two were partners before (full), or the mentor has mentored before (half).
    case history
}

/// How much each component counts. The score is the weighted share of 100, so weights need not add up to 100.
public struct ScoreWeights: Codable, Equatable, Sendable {
    public var weights: [ScoreComponent: Int]

    public init(_ weights: [ScoreComponent: Int]) {
        self.weights = weights
    }

    public static let standard = ScoreWeights([
        .thematicFit: 40, .sharedLanguage: 20, .sameGroup: 15, .sameSubregion: 5, .statedPreference: 10, .history: 10,
    ])

    public subscript(component: ScoreComponent) -> Int { weights[component] ?? 0 }
    public var sum: Int { ScoreComponent.allCases.reduce(0) { $0 + max(self[$1], 0) } }
}

/// A pair's score out of 100 and what each component gave.
public struct PairScore: Codable, Equatable, Sendable {
    public struct Part: Codable, Equatable, Sendable {
        public let component: ScoreComponent
        /// How much of the component the pair has, 0...1.
        public let share: Double
        /// Points it gives towards the 100.
        public let points: Double
    }

    public let parts: [Part]
    /// The sum of the points, rounded: the solver works on whole points so that its totals are exact.
    public let total: Int

    public init(mentee: MatchingCandidate, mentor: MatchingCandidate, formerPartners: Bool, weights: ScoreWeights) {
        let shares: [ScoreComponent: Double] = [
            .thematicFit: PairScore.thematicFit(needs: mentee.areas, expertise: mentor.areas),
            .sharedLanguage: Set(mentee.languages).isDisjoint(with: mentor.languages) ? 0 : 1,
            .sameGroup: mentee.group == mentor.group ? 1 : 0,
            .sameSubregion: !mentee.subregion.isEmpty && mentee.subregion == mentor.subregion ? 1 : 0,
            .statedPreference: mentee.preferred.contains(mentor.id) || mentor.preferred.contains(mentee.id) ? 1 : 0,
            .history: formerPartners ? 1 : mentor.pastMentorships > 0 ? 0.5 : 0,
        ]
        let sum = Double(max(weights.sum, 1))
        parts = ScoreComponent.allCases.map { component in
            let share = shares[component] ?? 0
            return Part(component: component, share: share, points: 100 * share * Double(max(weights[component], 0)) / sum)
        }
        total = Int(parts.reduce(0) { $0 + $1.points }.rounded())
    }

    /// Each need counts by its priority (level 1 counts 3, level 3 counts 1) and is covered as deep as the
    /// mentor's expertise in that area goes (level 1 covers fully, level 3 a third).
    static func thematicFit(needs: [String: Int], expertise: [String: Int]) -> Double {
        var wanted = 0.0, covered = 0.0
        // In a fixed order, so the same pair always sums to the same last digit.
        for (area, priority) in needs.sorted(by: { $0.key < $1.key }) {
            let importance = Double(4 - min(max(priority, 1), 3))
            wanted += importance
            if let depth = expertise[area] { covered += importance * Double(4 - min(max(depth, 1), 3)) / 3 }
        }
        return wanted > 0 ? covered / wanted : 0
    }
}
