/// What the Secretariat asks the matcher: the accepted applications that seek mentorship (mentees) and
/// that offer it (mentors), how to score a pair, the hard rules, the policy limits, and the pairs it has
/// already decided to keep or to refuse.
public struct MatchingProblem: Codable, Equatable, Sendable {
    public var mentees: [MatchingCandidate]
    public var mentors: [MatchingCandidate]
    /// Pairs of states that have been partners before (either way round).
    public var formerPartnerships: [MatchingPair]
    public var weights: ScoreWeights
    public var rules: MatchingRules
    public var locks: [MatchingPair]
    public var forbids: [MatchingPair]

    public init(mentees: [MatchingCandidate], mentors: [MatchingCandidate], formerPartnerships: [MatchingPair] = [],
                weights: ScoreWeights = .standard, rules: MatchingRules = MatchingRules(),
                locks: [MatchingPair] = [], forbids: [MatchingPair] = []) {
        self.mentees = mentees
        self.mentors = mentors
        self.formerPartnerships = formerPartnerships
        self.weights = weights
        self.rules = rules
        self.locks = locks
        self.forbids = forbids
    }
}

/// One side of a possible partnership, as its application describes it.
public struct MatchingCandidate: Codable, Equatable, Sendable {
    /// The State Party's code (ISO 3166 alpha-3).
    public var id: String
    /// The regional group, by name.
    public var group: String
    public var subregion: String
    public var languages: [String]
    /// Thematic area key → level: a need's priority for a mentee, a mentor's depth of expertise; 1 is highest.
    public var areas: [String: Int]
    /// States this applicant named as preferred partners.
    public var preferred: [String]
    /// How many mentees a mentor can take at once; mentees take one mentor.
    public var capacity: Int
    /// Partnerships this state has already mentored in the programme.
    public var pastMentorships: Int
    /// Why the application cannot be matched, when it cannot.
    public var ineligibility: String?

    public init(id: String, group: String, subregion: String = "", languages: [String], areas: [String: Int] = [:],
                preferred: [String] = [], capacity: Int = 1, pastMentorships: Int = 0, ineligibility: String? = nil) {
        self.id = id
        self.group = group
        self.subregion = subregion
        self.languages = languages
        self.areas = areas
        self.preferred = preferred
        self.capacity = capacity
        self.pastMentorships = pastMentorships
        self.ineligibility = ineligibility
    }
}

public struct MatchingPair: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var mentee: String
    public var mentor: String

    public init(mentee: String, mentor: String) {
        self.mentee = mentee
        self.mentor = mentor
    }

    public static func < (a: MatchingPair, b: MatchingPair) -> Bool { (a.mentee, a.mentor) < (b.mentee, b.mentor) }
    public var description: String { "\(mentee)–\(mentor)" }
}

/// The hard rules and the policy limits the Secretariat sets for one run.
public struct MatchingRules: Codable, Equatable, Sendable {
    /// No pair without a working language in common, unless waived for all or for the pair.
    public var sharedLanguageRequired: Bool
    public var languageWaivers: [MatchingPair]
    /// The most new partnerships this cycle; nil for no limit. From the call: the yearly visit cap divided
    /// by the visits each partnership makes.
    public var budget: Int?
    /// Per regional group of mentees, how many of them may or must be matched.
    public var groupQuotas: [String: GroupQuota]
    /// The smallest percentage of the proposal's pairs whose two states are in one regional group; nil or 0
    /// for no such rule. A proposal with no pairs keeps it.
    public var minimumRegionalShare: Int?

    public init(sharedLanguageRequired: Bool = true, languageWaivers: [MatchingPair] = [], budget: Int? = nil,
                groupQuotas: [String: GroupQuota] = [:], minimumRegionalShare: Int? = nil) {
        self.sharedLanguageRequired = sharedLanguageRequired
        self.languageWaivers = languageWaivers
        self.budget = budget
        self.groupQuotas = groupQuotas
        self.minimumRegionalShare = minimumRegionalShare
    }

    /// The regional share rule, when it asks for anything.
    public var regionalShare: RegionalShare? {
        minimumRegionalShare.flatMap { $0 > 0 ? RegionalShare(percent: min($0, 100)) : nil }
    }

    /// The budget a call's rules allow: its yearly visit cap shared out at its visits per partnership.
    public static func budget(for rules: ProgrammeRules) -> Int {
        rules.annualVisitCap / max(rules.visitsPerPartnership, 1)
    }
}

public struct GroupQuota: Codable, Equatable, Sendable {
    public var minimum: Int
    public var maximum: Int?

    public init(minimum: Int = 0, maximum: Int? = nil) {
        self.minimum = minimum
        self.maximum = maximum
    }
}
