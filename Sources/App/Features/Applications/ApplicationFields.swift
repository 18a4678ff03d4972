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
    /// `add_indicator:A:output:R`, `remove_area:A`, …
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

    /// Adds or removes a row as the pressed button asks; the page then shows the draft with the change.
    static func apply(_ action: String, to form: inout ApplicationForm) {
        let parts = action.split(separator: ":").map(String.init)
        let numbers = parts.dropFirst().compactMap(Int.init)
        let blankIndicator = Indicator(description: "", baseline: "", target: "", unit: "", meansOfVerification: "")
        var areas = form.resultsFramework.areas
        switch (parts.first ?? "", numbers.count) {
        case ("add_area", _):
            areas.append(AreaPlan(key: "", outputs: [PlannedResult(statement: "", indicators: [blankIndicator])],
                                  outcomes: [PlannedResult(statement: "", indicators: [blankIndicator])]))
        case ("remove_area", 1) where areas.indices.contains(numbers[0]):
            areas.remove(at: numbers[0])
        case ("add_output", 1) where areas.indices.contains(numbers[0]):
            areas[numbers[0]].outputs.append(PlannedResult(statement: "", indicators: [blankIndicator]))
        case ("add_outcome", 1) where areas.indices.contains(numbers[0]):
            areas[numbers[0]].outcomes.append(PlannedResult(statement: "", indicators: [blankIndicator]))
        case ("add_indicator", 2) where areas.indices.contains(numbers[0]):
            let (a, r) = (numbers[0], numbers[1])
            if parts.contains("output"), areas[a].outputs.indices.contains(r) { areas[a].outputs[r].indicators.append(blankIndicator) }
            if parts.contains("outcome"), areas[a].outcomes.indices.contains(r) { areas[a].outcomes[r].indicators.append(blankIndicator) }
        case ("add_expected", _):
            form.expectedResults.append(ExpectedResult(description: "", meansOfVerification: ""))
        default:
            break
        }
        form.resultsFramework.areas = areas
    }
}
