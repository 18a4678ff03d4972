/// The value a report gives for one indicator of the partnership's results framework.
public struct IndicatorValue: Equatable, Codable, Sendable {
    /// What was counted or observed, as written: "12", "3 officials", "draft law tabled".
    public var actual: String
    public var comment: String
    /// For an indicator that is not a number: whether its target is reached, as the partners judge it.
    public var achieved: Bool?

    public init(actual: String = "", comment: String = "", achieved: Bool? = nil) {
        self.actual = actual
        self.comment = comment
        self.achieved = achieved
    }
}

/// Where an indicator sits in a results framework: area, level, result and indicator, counting from 0.
/// Written `2.outcome.0.1` in forms and files.
public struct IndicatorPath: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let area: Int
    public let level: ResultLevel
    public let result: Int
    public let indicator: Int

    public init(area: Int, level: ResultLevel, result: Int, indicator: Int) {
        self.area = area
        self.level = level
        self.result = result
        self.indicator = indicator
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ".").map(String.init)
        guard parts.count == 4, let area = Int(parts[0]), let level = ResultLevel(rawValue: parts[1]),
              let result = Int(parts[2]), let indicator = Int(parts[3]), area >= 0, result >= 0, indicator >= 0 else { return nil }
        self.init(area: area, level: level, result: result, indicator: indicator)
    }

    public var description: String { "\(area).\(level.rawValue).\(result).\(indicator)" }

    public static func < (a: IndicatorPath, b: IndicatorPath) -> Bool { a.description < b.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let path = IndicatorPath(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an indicator path: \(text)"))
        }
        self = path
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension ResultsFramework {
    /// Every indicator at `level`, with where it sits and the result it measures.
    public func indicators(at level: ResultLevel) -> [(path: IndicatorPath, result: PlannedResult, indicator: Indicator, area: AreaPlan)] {
        areas.enumerated().flatMap { a, area in
            (level == .output ? area.outputs : area.outcomes).enumerated().flatMap { r, result in
                result.indicators.enumerated().map { i, indicator in
                    (IndicatorPath(area: a, level: level, result: r, indicator: i), result, indicator, area)
                }
            }
        }
    }

    public func indicator(at path: IndicatorPath) -> Indicator? {
        guard areas.indices.contains(path.area) else { return nil }
        let results = path.level == .output ? areas[path.area].outputs : areas[path.area].outcomes
        guard results.indices.contains(path.result), results[path.result].indicators.indices.contains(path.indicator) else { return nil }
        return results[path.result].indicators[path.indicator]
    }
}

/// A report as the partners write it. Its indicator part is generated from the partnership's results
/// framework, so every indicator of the report's level gets a value and a comment.
public struct ReportForm: Equatable, Codable, Sendable {
    /// What was done: meetings, workshops, field visits.
    public var activities = ""
    /// Who took part, from both sides.
    public var participants = ""
    /// The thematic issues addressed and what came of them.
    public var analysis = ""
    public var recommendations = ""
    public var nextSteps = ""
    /// For the final report and follow-ups: changes in national legislation and in implementation.
    public var legislationChanges = ""
    public var implementationChanges = ""
    public var values: [IndicatorPath: IndicatorValue] = [:]

    public init() {}

    /// The narrative fields a report at `level` asks for, in the order the form and the template show them: after a
    /// visit, what was done (outputs); in the final report, what changed (outcomes).
    public static func narrativeFields(_ level: ResultLevel) -> [String] {
        switch level {
        case .output: ["activities", "participants", "analysis", "recommendations", "nextSteps"]
        case .outcome: ["analysis", "legislationChanges", "implementationChanges", "recommendations", "nextSteps"]
        }
    }

    /// The narrative field named `field`.
    public func text(_ field: String) -> String {
        switch field {
        case "activities": activities
        case "participants": participants
        case "analysis": analysis
        case "recommendations": recommendations
        case "nextSteps": nextSteps
        case "legislationChanges": legislationChanges
        case "implementationChanges": implementationChanges
        default: ""
        }
    }

    private enum CodingKeys: String, CodingKey {
        case activities, participants, analysis, recommendations, nextSteps, legislationChanges, implementationChanges, values
    }

    /// A draft may leave out any field.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        activities = try c.decodeIfPresent(String.self, forKey: .activities) ?? ""
        participants = try c.decodeIfPresent(String.self, forKey: .participants) ?? ""
        analysis = try c.decodeIfPresent(String.self, forKey: .analysis) ?? ""
        recommendations = try c.decodeIfPresent(String.self, forKey: .recommendations) ?? ""
        nextSteps = try c.decodeIfPresent(String.self, forKey: .nextSteps) ?? ""
        legislationChanges = try c.decodeIfPresent(String.self, forKey: .legislationChanges) ?? ""
        implementationChanges = try c.decodeIfPresent(String.self, forKey: .implementationChanges) ?? ""
        let byText = try c.decodeIfPresent([String: IndicatorValue].self, forKey: .values) ?? [:]
        for (text, value) in byText {
            guard let path = IndicatorPath(text) else {
                throw DecodingError.dataCorruptedError(forKey: .values, in: c, debugDescription: "not an indicator path: \(text)")
            }
            values[path] = value
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(activities, forKey: .activities)
        try c.encode(participants, forKey: .participants)
        try c.encode(analysis, forKey: .analysis)
        try c.encode(recommendations, forKey: .recommendations)
        try c.encode(nextSteps, forKey: .nextSteps)
        try c.encode(legislationChanges, forKey: .legislationChanges)
        try c.encode(implementationChanges, forKey: .implementationChanges)
        try c.encode(Dictionary(uniqueKeysWithValues: values.map { ($0.key.description, $0.value) }), forKey: .values)
    }
}

/// What a report still needs before it can be submitted, by field, as locale keys.
public enum ReportCheck {
    public static func problems(_ form: ReportForm, kind: ReportKind, framework: ResultsFramework) -> [String: String] {
        var problems: [String: String] = [:]
        func require(_ text: String, _ field: String) {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems[field] = "report_field_needed" }
        }
        switch kind.level {
        case .output:
            require(form.activities, "activities")
            require(form.participants, "participants")
            require(form.analysis, "analysis")
            require(form.nextSteps, "nextSteps")
        case .outcome:
            require(form.analysis, "analysis")
            require(form.legislationChanges, "legislationChanges")
            require(form.implementationChanges, "implementationChanges")
        }
        for entry in framework.indicators(at: kind.level) {
            let value = form.values[entry.path]
            if (value?.actual ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                problems["value_" + entry.path.description] = "report_value_needed"
            } else if entry.indicator.measure == .status {
                // A qualitative indicator is reported as a step of its scale, which says by itself whether the target is met.
                if IndicatorStatus(rawValue: value!.actual) == nil { problems["value_" + entry.path.description] = "report_status_needed" }
            } else if IndicatorProgress.isTooLarge(value?.actual ?? "") {
                problems["value_" + entry.path.description] = "indicator_value_too_large"
            } else if IndicatorProgress.number(entry.indicator.target) != nil, IndicatorProgress.number(value!.actual) == nil {
                // A figure is measured against a figure: "about 5" against a target of 8 says nothing a chart can draw.
                problems["value_" + entry.path.description] = "report_figure_needed"
            } else if IndicatorProgress.number(entry.indicator.target) == nil, value?.achieved == nil {
                // A target in words is judged by the writer: reached or not.
                problems["achieved_" + entry.path.description] = "report_achieved_needed"
            }
        }
        return problems
    }
}
