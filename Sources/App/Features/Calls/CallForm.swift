import Foundation
import TandemCore
import Vapor

/// The call form as typed: every value a string, so a form that does not pass comes back exactly as sent.
struct CallForm: Content {
    var slug: String?
    var title: String?
    var reference: String?
    var opens: String?
    var closes: String?
    var status: String?
    var visitsPerPartnership: String?
    var visitWindowMonths: String?
    var intermissionMonths: String?
    var noticeWeeks: String?
    var sponsoredOfficialsPerState: String?
    var exceptionalExtraOfficials: String?
    var reapplicationGapYears: String?
    var finalReportDueMonths: String?
    var annualVisitCap: String?
    var interimReportDueDays: String?
    /// One day per line; left empty, the quarter ends between opening and closing.
    var reviewDates: String?
    /// By area key: `mandatory` (for mentees), `optional`, or empty when the call leaves the area out. Not sent
    /// once the call's areas are fixed.
    var areas: [String: String]?
    /// The call's words by language code, then part: `texts[fr][objectives]`.
    var texts: [String: [String: String]]?
    /// The version of the call the edit form was drawn from.
    var version: String?

    /// The parts of a call's text, in the order the form and the call's page show them.
    static let textParts: [(name: String, path: WritableKeyPath<CallText, String>)] = [
        ("title", \.title), ("objectives", \.objectives), ("eligibility", \.eligibility), ("sponsorship", \.sponsorship), ("contacts", \.contacts),
    ]

    static let ruleFields: [(name: String, path: WritableKeyPath<ProgrammeRules, Int>, form: WritableKeyPath<CallForm, String?>)] = [
        ("visitsPerPartnership", \.visitsPerPartnership, \.visitsPerPartnership),
        ("visitWindowMonths", \.visitWindowMonths, \.visitWindowMonths),
        ("intermissionMonths", \.intermissionMonths, \.intermissionMonths),
        ("noticeWeeks", \.noticeWeeks, \.noticeWeeks),
        ("sponsoredOfficialsPerState", \.sponsoredOfficialsPerState, \.sponsoredOfficialsPerState),
        ("exceptionalExtraOfficials", \.exceptionalExtraOfficials, \.exceptionalExtraOfficials),
        ("reapplicationGapYears", \.reapplicationGapYears, \.reapplicationGapYears),
        ("finalReportDueMonths", \.finalReportDueMonths, \.finalReportDueMonths),
        ("annualVisitCap", \.annualVisitCap, \.annualVisitCap),
        ("interimReportDueDays", \.interimReportDueDays, \.interimReportDueDays),
    ]

    init(_ call: Call) {
        slug = call.slug
        title = call.title
        reference = call.reference
        opens = call.opens.description
        closes = call.closes.description
        status = call.status.rawValue
        for field in Self.ruleFields { self[keyPath: field.form] = String(call.rules[keyPath: field.path]) }
        reviewDates = call.reviewDates.map(\.description).joined(separator: "\n")
        areas = Dictionary(uniqueKeysWithValues: call.thematicAreas.map { ($0.key, $0.mandatoryForMentees ? "mandatory" : "optional") })
        texts = call.texts.mapValues { text in Dictionary(uniqueKeysWithValues: Self.textParts.map { ($0.name, text[keyPath: $0.path]) }) }
    }

    /// The words typed, by language; a language left blank is left out.
    var callTexts: [String: CallText] {
        var result: [String: CallText] = [:]
        for language in Language.allCases {
            var text = CallText()
            for part in Self.textParts { text[keyPath: part.path] = trimmed(texts?[language.rawValue]?[part.name]) }
            if !text.isEmpty { result[language.rawValue] = text }
        }
        return result
    }

    /// The areas chosen, in the results framework's order, then any others the call had; `current` when the
    /// form did not send them.
    func thematicAreas(current: [ThematicArea]) -> [ThematicArea] {
        guard let areas else { return current }
        let order = ThematicArea.annex2.map(\.key) + current.map(\.key).filter { key in !ThematicArea.annex2.contains { $0.key == key } }
        return order.compactMap { key in
            switch areas[key]?.trimmingCharacters(in: .whitespaces) {
            case "mandatory": ThematicArea(key: key, mandatoryForMentees: true)
            case "optional": ThematicArea(key: key)
            default: nil
            }
        }
    }

    /// The call, or every problem by field as locale keys. A form that does not send the call's words keeps `currentTexts`.
    func call(currentAreas: [ThematicArea], currentTexts: [String: CallText] = [:]) -> Result<Call, FormProblems> {
        var problems: [String: String] = [:]
        let opens = CivilDate(iso: trimmed(opens))
        let closes = CivilDate(iso: trimmed(closes))
        if opens == nil { problems["opens"] = "call_day_needed" }
        if closes == nil { problems["closes"] = "call_day_needed" }
        let status = Call.Status(rawValue: trimmed(status))
        if status == nil { problems["status"] = "call_status_needed" }
        var rules = ProgrammeRules.current
        for field in Self.ruleFields {
            if let number = Int(trimmed(self[keyPath: field.form])) { rules[keyPath: field.path] = number } else { problems[field.name] = "call_number_needed" }
        }
        let lines = trimmed(reviewDates).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let days = lines.map(CivilDate.init(iso:))
        if days.contains(nil) { problems["reviewDates"] = "call_review_dates_unreadable" }
        if thematicAreas(current: currentAreas).isEmpty { problems["thematicAreas"] = "call_areas_none" }
        guard problems.isEmpty, let opens, let closes, let status else { return .failure(FormProblems(fields: problems)) }
        let call = Call(slug: trimmed(slug).lowercased(), title: trimmed(title), reference: trimmed(reference), opens: opens, closes: closes,
                        status: status, rules: rules,
                        reviewDates: days.isEmpty ? ReviewSchedule.quarterEnds(from: opens, to: closes) : days.compactMap { $0 }.sorted(),
                        thematicAreas: thematicAreas(current: currentAreas), texts: texts == nil ? currentTexts : callTexts)
        let checks = call.problems
        return checks.isEmpty ? .success(call) : .failure(FormProblems(fields: checks))
    }

    private func trimmed(_ value: String?) -> String {
        (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
