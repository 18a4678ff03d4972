import Foundation

/// One thing that keeps an application from being submitted: where it is and what is wrong, as a locale
/// key with the values its message needs.
public struct ApplicationProblem: Equatable, Sendable {
    /// The form's section, 1 to 5.
    public let section: Int
    /// The field, as the form and the API name it: `emails`, `resultsFramework.areas[0].outputs[1].indicators[0].target`.
    public let field: String
    public let key: String
    public let values: [String: String]

    public init(section: Int, field: String, key: String, values: [String: String] = [:]) {
        self.section = section
        self.field = field
        self.key = key
        self.values = values
    }
}

/// Completeness and eligibility of an application, as one list: the application may be submitted only
/// when it is empty, and the form shows it as a checklist.
public struct ApplicationCheck: Sendable {
    public let call: Call
    public let eligibility: Eligibility
    /// ISO3 codes of the States Parties, for the preferred partners.
    public let statesParties: Set<String>
    public let applicant: String
    /// The day of submission: the call must be taking applications then.
    public let today: CivilDate

    public init(call: Call, eligibility: Eligibility, statesParties: Set<String>, applicant: String, today: CivilDate) {
        self.call = call
        self.eligibility = eligibility
        self.statesParties = statesParties
        self.applicant = applicant
        self.today = today
    }

    public func problems(_ form: ApplicationForm) -> [ApplicationProblem] {
        var problems: [ApplicationProblem] = []
        if !call.takesApplications(on: today) {
            problems.append(.init(section: 1, field: "call", key: "application_call_closed",
                                  values: ["opens": call.opens.description, "closes": call.closes.description]))
        }
        return problems + contact(form) + justification(form) + preferences(form) + results(form) + authorisation(form)
    }

    private func blank(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    private func contact(_ form: ApplicationForm) -> [ApplicationProblem] {
        var problems: [ApplicationProblem] = []
        func need(_ text: String, _ field: String) {
            if blank(text) { problems.append(.init(section: 1, field: field, key: "application_required")) }
        }
        need(form.nationalAuthority, "nationalAuthority")
        need(form.contactPerson, "contactPerson")
        need(form.phone, "phone")
        if form.emails.filter({ !blank($0) }).isEmpty {
            problems.append(.init(section: 1, field: "emails", key: "application_email_needed"))
        } else if let bad = form.emails.first(where: { !blank($0) && !MailAddress($0).isPlausible }) {
            problems.append(.init(section: 1, field: "emails", key: "application_email_invalid", values: ["email": bad]))
        }
        if form.mode == nil { problems.append(.init(section: 1, field: "mode", key: "application_mode_needed")) }
        if form.sponsorshipRequired == nil { problems.append(.init(section: 1, field: "sponsorshipRequired", key: "application_choose_yes_no")) }
        if form.mode?.seeks == true, case .inPartnership(let previous) = eligibility {
            problems.append(.init(section: 1, field: "mode", key: "application_in_partnership",
                                  values: ["partnership": previous, "gap": String(call.rules.reapplicationGapYears)]))
        }
        if form.mode?.seeks == true, case .tooSoon(let previous, let ended, let from) = eligibility {
            // The years are counted to the day of submission: a state whose years end while the call is open keeps its draft.
            problems.append(.init(section: 1, field: "mode", key: from <= call.closes ? "application_not_eligible_yet" : "application_not_eligible", values: [
                "partnership": previous, "ended": ended.description, "from": from.description, "closes": call.closes.description,
                "gap": String(call.rules.reapplicationGapYears),
            ]))
        }
        return problems
    }

    private func justification(_ form: ApplicationForm) -> [ApplicationProblem] {
        var problems: [ApplicationProblem] = []
        func need(_ text: String, _ field: String) {
            if blank(text) { problems.append(.init(section: 2, field: field, key: "application_required")) }
        }
        need(form.motivation, "motivation")
        let known = Set(call.thematicAreas.map(\.key))
        func areas(_ list: [AreaLevel], _ field: String) {
            if list.isEmpty { problems.append(.init(section: 2, field: field, key: "application_areas_needed")) }
            for (index, area) in list.enumerated() {
                if !known.contains(area.key) {
                    problems.append(.init(section: 2, field: "\(field)[\(index)].key", key: "application_area_unknown"))
                }
                if !(1...3).contains(area.level) {
                    problems.append(.init(section: 2, field: "\(field)[\(index)].level", key: "application_level_range"))
                }
            }
            if Set(list.map(\.key)).count != list.count {
                problems.append(.init(section: 2, field: field, key: "application_area_twice"))
            }
        }
        if form.mode?.seeks == true {
            need(form.needsAssessment, "needsAssessment")
            need(form.needsJustification, "needsJustification")
            need(form.actionPlanStatus, "actionPlanStatus")
            need(form.contributionToPlan, "contributionToPlan")
            areas(form.needs, "needs")
            if case .eligibleWithResultsAssessment = eligibility { need(form.previousResultsAssessment, "previousResultsAssessment") }
        }
        if form.mode?.offers == true {
            areas(form.expertise, "expertise")
            need(form.experience, "experience")
        }
        return problems
    }

    private func preferences(_ form: ApplicationForm) -> [ApplicationProblem] {
        var problems: [ApplicationProblem] = []
        for (index, partner) in form.preferredPartners.enumerated() {
            if !statesParties.contains(partner) {
                problems.append(.init(section: 3, field: "preferredPartners[\(index)]", key: "application_partner_unknown", values: ["code": partner]))
            } else if partner == applicant {
                problems.append(.init(section: 3, field: "preferredPartners[\(index)]", key: "application_partner_self"))
            }
        }
        if !form.preferredPartners.isEmpty && form.partnerAgreementSought == nil {
            problems.append(.init(section: 3, field: "partnerAgreementSought", key: "application_choose_yes_no"))
        }
        if form.workingLanguages.isEmpty {
            problems.append(.init(section: 3, field: "workingLanguages", key: "application_language_needed"))
        }
        switch (form.firstVisitFrom, form.firstVisitTo) {
        case (nil, _), (_, nil):
            problems.append(.init(section: 3, field: "firstVisitFrom", key: "application_first_visit_needed"))
        case (let from?, let to?) where to < from:
            problems.append(.init(section: 3, field: "firstVisitTo", key: "application_first_visit_order"))
        default:
            break
        }
        return problems
    }

    /// Section 4 is for those seeking mentorship only; an application that only offers does not show it.
    private func results(_ form: ApplicationForm) -> [ApplicationProblem] {
        guard form.mode?.seeks == true else { return [] }
        var problems: [ApplicationProblem] = []
        if form.expectedResults.isEmpty {
            problems.append(.init(section: 4, field: "expectedResults", key: "application_expected_result_needed"))
        }
        for (index, result) in form.expectedResults.enumerated() {
            if blank(result.description) { problems.append(.init(section: 4, field: "expectedResults[\(index)].description", key: "application_required")) }
            if blank(result.meansOfVerification) {
                problems.append(.init(section: 4, field: "expectedResults[\(index)].meansOfVerification", key: "application_required"))
            }
        }
        let areas = form.resultsFramework.areas
        let known = Set(call.thematicAreas.map(\.key))
        if areas.count < 2 {
            problems.append(.init(section: 4, field: "resultsFramework", key: "application_framework_two_areas"))
        }
        for mandatory in call.thematicAreas where mandatory.mandatoryForMentees {
            let plan = areas.first { $0.key == mandatory.key }
            if plan == nil || plan!.outputs.isEmpty || plan!.outcomes.isEmpty {
                problems.append(.init(section: 4, field: "resultsFramework.\(mandatory.key)", key: "application_mandatory_area",
                                      values: ["area": mandatory.key]))
            }
        }
        for (a, area) in areas.enumerated() {
            let path = "resultsFramework.areas[\(a)]"
            if !known.contains(area.key) && blank(area.customName) {
                problems.append(.init(section: 4, field: path + ".customName", key: "application_area_name_needed"))
            }
            if area.outputs.isEmpty && area.outcomes.isEmpty {
                problems.append(.init(section: 4, field: path, key: "application_area_empty"))
            }
            for level in ResultLevel.allCases {
                for (r, result) in (level == .output ? area.outputs : area.outcomes).enumerated() {
                    let resultPath = "\(path).\(level.rawValue)s[\(r)]"
                    if blank(result.statement) { problems.append(.init(section: 4, field: resultPath + ".statement", key: "application_required")) }
                    if result.indicators.isEmpty {
                        problems.append(.init(section: 4, field: resultPath + ".indicators", key: "application_indicator_needed"))
                    }
                    for (i, indicator) in result.indicators.enumerated() {
                        let qualitative = indicator.measure == .status
                        // A qualitative indicator has no unit: its baseline and target are steps of the status scale.
                        let fields = [("description", indicator.description), ("baseline", indicator.baseline), ("target", indicator.target),
                                      ("unit", qualitative ? "-" : indicator.unit), ("meansOfVerification", indicator.meansOfVerification)]
                        for (name, value) in fields where blank(value) {
                            problems.append(.init(section: 4, field: "\(resultPath).indicators[\(i)].\(name)", key: "application_required"))
                        }
                        for (name, value) in [("baseline", indicator.baseline), ("target", indicator.target)]
                        where qualitative && !blank(value) && IndicatorStatus(rawValue: value) == nil {
                            problems.append(.init(section: 4, field: "\(resultPath).indicators[\(i)].\(name)", key: "application_status_scale"))
                        }
                        for (name, value) in [("baseline", indicator.baseline), ("target", indicator.target)] where IndicatorProgress.isTooLarge(value) {
                            problems.append(.init(section: 4, field: "\(resultPath).indicators[\(i)].\(name)", key: "indicator_value_too_large"))
                        }
                    }
                }
            }
        }
        return problems
    }

    private func authorisation(_ form: ApplicationForm) -> [ApplicationProblem] {
        var problems: [ApplicationProblem] = []
        if blank(form.headName) { problems.append(.init(section: 5, field: "headName", key: "application_required")) }
        if blank(form.headTitle) { problems.append(.init(section: 5, field: "headTitle", key: "application_required")) }
        if form.signedOn == nil { problems.append(.init(section: 5, field: "signedOn", key: "application_signed_on_needed")) }
        if !form.signedFormAttached { problems.append(.init(section: 5, field: "signedForm", key: "application_signed_form_needed")) }
        return problems
    }
}
