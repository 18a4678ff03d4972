import Foundation
import TandemCore
import Vapor

/// The application form as the web form sends it: strings, and nested lists in bracket notation
/// (`areas[0][outputs][1][indicators][0][target]`). Converted to and from `ApplicationForm` so that a draft
/// comes back exactly as typed.
struct ApplicationFields: Content {
    struct IndicatorFields: Content {
        var description: String?
        var baseline: String?
        var target: String?
        var unit: String?
        var meansOfVerification: String?
        var measure: String?
    }

    struct ResultFields: Content {
        var statement: String?
        var indicators: [IndicatorFields]?
    }

    struct AreaFields: Content {
        var key: String?
        var customName: String?
        var outputs: [ResultFields]?
        var outcomes: [ResultFields]?
    }

    struct ExpectedFields: Content {
        var description: String?
        var meansOfVerification: String?
    }

    var nationalAuthority: String?
    var contactPerson: String?
    var phone: String?
    /// Several addresses, separated by commas or lines.
    var emails: String?
    var mode: String?
    var sponsorshipRequired: String?
    var motivation: String?
    var needsAssessment: String?
    var needsJustification: String?
    var actionPlanStatus: String?
    var contributionToPlan: String?
    /// Area key to level ("" for an area not chosen).
    var needs: [String: String]?
    var expertise: [String: String]?
    var experience: String?
    var previousResultsAssessment: String?
    var preferredPartners: [String]?
    var partnerAgreementSought: String?
    var workingLanguages: [String]?
    var firstVisitFrom: String?
    var firstVisitTo: String?
    var expectedResults: [ExpectedFields]?
    var areas: [AreaFields]?
    var headName: String?
    var headTitle: String?
    var signedOn: String?
    /// Which button was pressed: `save`, `submit`, `add_area`, `add_expected`, `add_output:A`, `add_outcome:A`,
    /// `add_indicator:A:output:R`, and their `remove_…` counterparts (`remove_indicator:A:outcome:R:I`).
    var action: String?
    /// The version of the application the page started from (`SaveApplication`).
    var version: String?

    /// Days typed that are not days (`2025-02-30`, `0000-00-00`): the form cannot hold them, so the save is refused
    /// with a message by each field, and the text comes back as typed (`typedDays`).
    var unreadableDays: [ApplicationProblem] {
        typedDays.compactMap { field, text in
            CivilDate(iso: text) == nil
                ? ApplicationProblem(section: field == "signedOn" ? 5 : 3, field: field, key: "form_day_invalid", values: ["value": text]) : nil
        }.sorted { $0.field < $1.field }
    }

    /// The days as typed, by field, where something was typed.
    var typedDays: [String: String] {
        var days: [String: String] = [:]
        for (field, value) in [("firstVisitFrom", firstVisitFrom), ("firstVisitTo", firstVisitTo), ("signedOn", signedOn)] {
            let text = (value ?? "").trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { days[field] = text }
        }
        return days
    }

    /// The form the fields describe. Days that cannot be read are kept out rather than guessed (`unreadableDays`).
    func form(areaOrder: [String]) -> ApplicationForm {
        var form = ApplicationForm()
        func text(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        func yesNo(_ value: String?) -> Bool? { value == "yes" ? true : value == "no" ? false : nil }
        func levels(_ map: [String: String]?) -> [AreaLevel] {
            areaOrder.compactMap { key in map?[key].flatMap(Int.init).map { AreaLevel(key: key, level: $0) } }
        }
        form.nationalAuthority = text(nationalAuthority)
        form.contactPerson = text(contactPerson)
        form.phone = text(phone)
        form.emails = text(emails).split(whereSeparator: { $0 == "," || $0.isNewline || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        form.mode = mode.flatMap(PartnershipMode.init(rawValue:))
        form.sponsorshipRequired = yesNo(sponsorshipRequired)
        form.motivation = text(motivation)
        form.needsAssessment = text(needsAssessment)
        form.needsJustification = text(needsJustification)
        form.actionPlanStatus = text(actionPlanStatus)
        form.contributionToPlan = text(contributionToPlan)
        form.needs = levels(needs)
        form.expertise = levels(expertise)
        form.experience = text(experience)
        form.previousResultsAssessment = text(previousResultsAssessment)
        form.preferredPartners = (preferredPartners ?? []).map { $0.uppercased() }.filter { !$0.isEmpty }
        form.partnerAgreementSought = yesNo(partnerAgreementSought)
        form.workingLanguages = (workingLanguages ?? []).filter { !$0.isEmpty }
        form.firstVisitFrom = CivilDate(iso: text(firstVisitFrom))
        form.firstVisitTo = CivilDate(iso: text(firstVisitTo))
        form.expectedResults = (expectedResults ?? []).map {
            ExpectedResult(description: text($0.description), meansOfVerification: text($0.meansOfVerification))
        }
        form.resultsFramework = ResultsFramework(areas: (areas ?? []).map { area in
            func results(_ list: [ResultFields]?) -> [PlannedResult] {
                (list ?? []).map { result in
                    PlannedResult(statement: text(result.statement), indicators: (result.indicators ?? []).map {
                        Indicator(description: text($0.description), baseline: text($0.baseline), target: text($0.target),
                                  unit: text($0.unit), meansOfVerification: text($0.meansOfVerification),
                                  measure: IndicatorMeasure(rawValue: text($0.measure)) ?? .quantity)
                    })
                }
            }
            return AreaPlan(key: text(area.key), customName: text(area.customName), outputs: results(area.outputs), outcomes: results(area.outcomes))
        })
        form.headName = text(headName)
        form.headTitle = text(headTitle)
        form.signedOn = CivilDate(iso: text(signedOn))
        return form
    }

    /// Adds or removes a row as the pressed button asks; the page then shows the draft with the change. A button
    /// naming a row that is not there (a page older than the draft) changes nothing.
    static func apply(_ action: String, to form: inout ApplicationForm) {
        let parts = action.split(separator: ":").map(String.init)
        let n = parts.dropFirst().compactMap(Int.init)
        let blankIndicator = Indicator(description: "", baseline: "", target: "", unit: "", meansOfVerification: "")
        let blankResult = PlannedResult(statement: "", indicators: [blankIndicator])
        var areas = form.resultsFramework.areas
        /// The outputs or outcomes of area `a`, as the action names them: in its verb (`add_output:A`) or, for an
        /// indicator, as its third part (`add_indicator:A:outcome:R`). Anything else names no list.
        func results(_ a: Int, _ edit: (inout [PlannedResult]) -> Void) {
            guard areas.indices.contains(a) else { return }
            let verb = parts[0], level = verb.hasSuffix("_indicator") && parts.count > 2 ? parts[2] : String(verb.split(separator: "_").last ?? "")
            let shape = verb.hasSuffix("_indicator") ? parts.count == (verb.hasPrefix("add") ? 4 : 5) : parts.count == (verb.hasPrefix("add") ? 2 : 3)
            guard shape else { return }
            if level == "output" { edit(&areas[a].outputs) }
            if level == "outcome" { edit(&areas[a].outcomes) }
        }
        switch (parts.first ?? "", n.count) {
        case ("add_area", _):
            areas.append(AreaPlan(key: "", outputs: [blankResult], outcomes: [blankResult]))
        case ("remove_area", 1) where areas.indices.contains(n[0]):
            areas.remove(at: n[0])
        case ("add_output", 1), ("add_outcome", 1):
            results(n[0]) { $0.append(blankResult) }
        case ("remove_output", 2), ("remove_outcome", 2):
            results(n[0]) { if $0.indices.contains(n[1]) { $0.remove(at: n[1]) } }
        case ("add_indicator", 2):
            results(n[0]) { if $0.indices.contains(n[1]) { $0[n[1]].indicators.append(blankIndicator) } }
        case ("remove_indicator", 3):
            results(n[0]) { if $0.indices.contains(n[1]), $0[n[1]].indicators.indices.contains(n[2]) { $0[n[1]].indicators.remove(at: n[2]) } }
        case ("add_expected", _):
            form.expectedResults.append(ExpectedResult(description: "", meansOfVerification: ""))
        case ("remove_expected", 1) where form.expectedResults.indices.contains(n[0]):
            form.expectedResults.remove(at: n[0])
        default:
            break
        }
        form.resultsFramework.areas = areas
    }
}
