/// A change to a partnership's results framework after its application was accepted: the framework is finalised
/// with the mentor and the Secretariat, so a partner proposes and the Secretariat accepts or declines. The shape
/// stays (the same areas, results and indicators, in the same places), because reports already written refer to
/// indicators by their place; what changes is what they say: statements, baselines, targets, units, measures.
public enum FrameworkChange {
    public enum Status: String, Codable, Sendable {
        case proposed, accepted, declined
    }

    /// One field a proposal changes.
    public struct Difference: Equatable, Sendable {
        /// Where it is: `areas[1].outcomes[0].indicators[0].target`, as `ApplicationCheck` names fields.
        public let field: String
        public let before: String
        public let after: String
    }

    /// Whether `proposed` keeps the shape of `current`.
    public static func keepsShape(_ proposed: ResultsFramework, of current: ResultsFramework) -> Bool {
        guard proposed.areas.count == current.areas.count else { return false }
        return zip(proposed.areas, current.areas).allSatisfy { new, old in
            new.key == old.key && [(new.outputs, old.outputs), (new.outcomes, old.outcomes)].allSatisfy { newResults, oldResults in
                newResults.count == oldResults.count && zip(newResults, oldResults).allSatisfy { $0.indicators.count == $1.indicators.count }
            }
        }
    }

    /// What `proposed` changes in `current`, field by field, in the framework's order; empty when nothing.
    public static func differences(from current: ResultsFramework, to proposed: ResultsFramework) -> [Difference] {
        var differences: [Difference] = []
        func compare(_ field: String, _ before: String, _ after: String) {
            if before != after { differences.append(Difference(field: field, before: before, after: after)) }
        }
        for (a, (old, new)) in zip(current.areas, proposed.areas).enumerated() {
            compare("areas[\(a)].customName", old.customName, new.customName)
            for level in ResultLevel.allCases {
                let pairs = level == .output ? zip(old.outputs, new.outputs) : zip(old.outcomes, new.outcomes)
                for (r, (oldResult, newResult)) in pairs.enumerated() {
                    let path = "areas[\(a)].\(level.rawValue)s[\(r)]"
                    compare(path + ".statement", oldResult.statement, newResult.statement)
                    for (i, (before, after)) in zip(oldResult.indicators, newResult.indicators).enumerated() {
                        let indicator = "\(path).indicators[\(i)]"
                        compare(indicator + ".description", before.description, after.description)
                        compare(indicator + ".measure", before.measure.rawValue, after.measure.rawValue)
                        compare(indicator + ".baseline", before.baseline, after.baseline)
                        compare(indicator + ".target", before.target, after.target)
                        compare(indicator + ".unit", before.unit, after.unit)
                        compare(indicator + ".meansOfVerification", before.meansOfVerification, after.meansOfVerification)
                    }
                }
            }
        }
        return differences
    }

    /// Every problem with a proposal, by field as `ApplicationCheck` names them (`resultsFramework.areas[0]…`), as
    /// locale keys: the shape kept, nothing required left empty, nothing past its bound, a reason given.
    public static func problems(_ proposed: ResultsFramework, current: ResultsFramework, reason: String) -> [ApplicationProblem] {
        guard keepsShape(proposed, of: current) else { return [ApplicationProblem(section: 4, field: "resultsFramework", key: "framework_shape_changed")] }
        var problems: [ApplicationProblem] = []
        var form = ApplicationForm()
        form.resultsFramework = proposed
        problems += form.boundProblems
        func blank(_ text: String) -> Bool { text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        // A proposal may not empty what the framework says; what was empty when accepted may stay so.
        let said = Set(differences(from: ResultsFramework(areas: current.areas.map(\.emptied)), to: current).map { "resultsFramework." + $0.field })
        for (a, area) in proposed.areas.enumerated() {
            for level in ResultLevel.allCases {
                for (r, result) in (level == .output ? area.outputs : area.outcomes).enumerated() {
                    let path = "resultsFramework.areas[\(a)].\(level.rawValue)s[\(r)]"
                    if blank(result.statement) && said.contains(path + ".statement") {
                        problems.append(.init(section: 4, field: path + ".statement", key: "application_required"))
                    }
                    for (i, indicator) in result.indicators.enumerated() {
                        let fields = [("description", indicator.description), ("baseline", indicator.baseline), ("target", indicator.target),
                                      ("unit", indicator.measure == .status ? "-" : indicator.unit), ("meansOfVerification", indicator.meansOfVerification)]
                        for (name, value) in fields where blank(value) && said.contains("\(path).indicators[\(i)].\(name)") {
                            problems.append(.init(section: 4, field: "\(path).indicators[\(i)].\(name)", key: "application_required"))
                        }
                        for (name, value) in [("baseline", indicator.baseline), ("target", indicator.target)]
                        where indicator.measure == .status && !blank(value) && IndicatorStatus(rawValue: value) == nil {
                            problems.append(.init(section: 4, field: "\(path).indicators[\(i)].\(name)", key: "application_status_scale"))
                        }
                    }
                }
            }
        }
        if blank(reason) { problems.append(.init(section: 4, field: "reason", key: "framework_reason_needed")) }
        if reason.count > FormBounds.longText { problems.append(.init(section: 4, field: "reason", key: "form_text_too_long", values: ["max": String(FormBounds.longText)])) }
        if problems.isEmpty && differences(from: current, to: proposed).isEmpty {
            problems.append(.init(section: 4, field: "resultsFramework", key: "framework_nothing_changed"))
        }
        return problems
    }
}

extension AreaPlan {
    /// The same shape with every text empty: what `FrameworkChange.differences` compares against to find what is said.
    var emptied: AreaPlan {
        func blank(_ results: [PlannedResult]) -> [PlannedResult] {
            results.map { PlannedResult(statement: "", indicators: $0.indicators.map { Indicator(description: "", baseline: "", target: "", unit: "", meansOfVerification: "", measure: $0.measure) }) }
        }
        return AreaPlan(key: key, customName: "", outputs: blank(outputs), outcomes: blank(outcomes))
    }
}
