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
    public var baseline: String
    public var target: String
    /// What is counted or observed: officials trained, laws adopted, declarations submitted.
    public var unit: String
    public var meansOfVerification: String

    public init(description: String, baseline: String, target: String, unit: String, meansOfVerification: String) {
        self.description = description
        self.baseline = baseline
        self.target = target
        self.unit = unit
        self.meansOfVerification = meansOfVerification
    }
}
