/// What a mentee plans to achieve, by thematic area: outputs and outcomes, each measured by indicators.
/// Shaped like IATI's result → indicator → baseline/target, so it can be exported there later.
public struct ResultsFramework: Equatable, Codable, Sendable {
    public var areas: [AreaPlan]

    public init(areas: [AreaPlan] = []) {
        self.areas = areas
    }
}

/// The results planned in one thematic area: one of the call's, or one the applicant adds (with a name).
public struct AreaPlan: Equatable, Codable, Sendable {
    public var key: String
    /// Only for an area the applicant adds; the call's areas are named by the locale files.
    public var customName: String
    public var outputs: [PlannedResult]
    public var outcomes: [PlannedResult]

    public init(key: String, customName: String = "", outputs: [PlannedResult] = [], outcomes: [PlannedResult] = []) {
        self.key = key
        self.customName = customName
        self.outputs = outputs
        self.outcomes = outcomes
    }
}

public enum ResultLevel: String, Codable, CaseIterable, Sendable {
    /// Direct results of the activities (IATI result type 1).
    case output
    /// How the outputs are used by the target group (IATI result type 2).
    case outcome
}

public struct PlannedResult: Equatable, Codable, Sendable {
    public var statement: String
    public var indicators: [Indicator]

    public init(statement: String, indicators: [Indicator] = []) {
        self.statement = statement
        self.indicators = indicators
    }
}

/// A measure of a result, from where things stand to where they should be.
public struct Indicator: Equatable, Codable, Sendable {
    public var description: String
    /// A figure ("0", "12 officials") or, for a qualitative indicator, a step of `IndicatorStatus` by its key.
    public var baseline: String
    public var target: String
    /// What is counted: officials trained, declarations submitted. A qualitative indicator has none.
    public var unit: String
    public var meansOfVerification: String
    public var measure: IndicatorMeasure

    public init(description: String, baseline: String, target: String, unit: String, meansOfVerification: String,
                measure: IndicatorMeasure = .quantity) {
        self.description = description
        self.baseline = baseline
        self.target = target
        self.unit = unit
        self.meansOfVerification = meansOfVerification
        self.measure = measure
    }

    private enum CodingKeys: String, CodingKey {
        case description, baseline, target, unit, meansOfVerification, measure
    }

    /// Documents stored before indicators had a measure read as counted ones.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        description = try c.decode(String.self, forKey: .description)
        baseline = try c.decode(String.self, forKey: .baseline)
        target = try c.decode(String.self, forKey: .target)
        unit = try c.decode(String.self, forKey: .unit)
        meansOfVerification = try c.decode(String.self, forKey: .meansOfVerification)
        measure = try c.decodeIfPresent(IndicatorMeasure.self, forKey: .measure) ?? .quantity
    }
}

/// How an indicator is measured: counted against a unit ("12 officials trained"), or observed as a status
/// ("Law adopted": not started, under way, partly achieved, achieved). Annex 2 asks for both kinds.
public enum IndicatorMeasure: String, Codable, CaseIterable, Sendable {
    case quantity
    case status
}

/// The scale a qualitative indicator moves along, in order: a target is met when the reported status has
/// reached it.
public enum IndicatorStatus: String, CaseIterable, Comparable, Sendable {
    case notStarted = "not_started"
    case underWay = "under_way"
    case partlyAchieved = "partly_achieved"
    case achieved

    public static func < (lhs: IndicatorStatus, rhs: IndicatorStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
