import Foundation
import TandemCore
import Vapor

/// A report's form as sent. Each indicator's fields are keyed by its path with underscores
/// (`values[0_outcome_1_0][actual]`), so every value comes back as typed.
struct ReportFields: Content {
    struct ValueFields: Content {
        var actual: String?
        var comment: String?
        /// `yes`, `no` or empty.
        var achieved: String?
    }

    var activities: String?
    var participants: String?
    var analysis: String?
    var recommendations: String?
    var nextSteps: String?
    var legislationChanges: String?
    var implementationChanges: String?
    var values: [String: ValueFields]?
    /// The partner state a programme officer enters the report for, from a copy received on paper or by email.
    var onBehalf: String?
    /// `yes` when the partner writing an interim report asks the other partner to co-sign it first.
    var askCosignature: String?
    /// `save`, `autosave` or `submit`.
    var action: String?
    /// The version of the report the page started from.
    var version: String?

    static func key(_ path: IndicatorPath) -> String { path.description.replacingOccurrences(of: ".", with: "_") }

    var form: ReportForm {
        func text(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var form = ReportForm()
        form.activities = text(activities)
        form.participants = text(participants)
        form.analysis = text(analysis)
        form.recommendations = text(recommendations)
        form.nextSteps = text(nextSteps)
        form.legislationChanges = text(legislationChanges)
        form.implementationChanges = text(implementationChanges)
        for (key, fields) in values ?? [:] {
            guard let path = IndicatorPath(key.replacingOccurrences(of: "_", with: ".")) else { continue }
            let achieved: Bool? = switch text(fields.achieved) { case "yes": true; case "no": false; default: nil }
            form.values[path] = IndicatorValue(actual: text(fields.actual), comment: text(fields.comment), achieved: achieved)
        }
        return form
    }
}

extension ReportFields {
    /// What another person saved into the report since the page was opened, keyed as the page's fields and
    /// problems are (`activities`, `value_0.output.0.1`, `achieved_0.output.0.1`).
    static func savedMeanwhile(mine: ReportForm, saved: ReportForm) throws -> [String: String] {
        var fields: [String: String] = [:]
        for (path, value) in try SavedMeanwhile.fields(mine: mine, saved: saved) {
            guard path.hasPrefix("values.") else { fields[path] = value; continue }
            let rest = path.dropFirst("values.".count)
            guard let dot = rest.lastIndex(of: ".") else { continue }
            let indicator = String(rest[..<dot]), part = rest[rest.index(after: dot)...]
            let key = (part == "achieved" ? "achieved_" : "value_") + indicator
            fields[key] = [fields[key], value].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
        }
        return fields
    }
}
