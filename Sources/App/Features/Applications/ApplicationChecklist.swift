import Foundation
import TandemCore

/// A checklist line as a person reads it: the section, the field named as the form labels it ("Thematic area 3 ›
/// Outcome 1 › Indicator 2 › Unit"), where that field is on the form, and the message with its dates and areas in
/// the reader's language. Forty lines of "This is required." are no help; forty that each name and link a field are.
struct ChecklistLine: Encodable, Sendable {
    let section: String
    let field: String
    /// The field on the edit page (`…#f-…`), or its section when the field has no element of its own.
    let href: String
    let message: String
}

struct ApplicationChecklist {
    let localizer: Localizer
    let language: Language
    let form: ApplicationForm
    /// The edit page's address when the lines are read elsewhere (the application's page); empty on the edit page.
    var page = ""

    private func t(_ key: String) -> String { localizer.text(key, language) }

    /// One line per field and message: the same problem found by two checks (a bound and the checklist) is said once.
    func lines(_ problems: [ApplicationProblem]) -> [ChecklistLine] {
        var seen = Set<String>()
        return problems.filter { seen.insert($0.field + "|" + $0.key).inserted }.map(line)
    }

    func line(_ problem: ApplicationProblem) -> ChecklistLine {
        let (field, anchor) = place(problem)
        return ChecklistLine(section: localizer.text("review_section", language, ["section": String(problem.section)]),
                             field: field, href: page + "#" + (anchor ?? "section-\(problem.section)"), message: message(problem))
    }

    /// The problem's message, its days written as the reader writes dates and its area by name.
    func message(_ problem: ApplicationProblem) -> String {
        var values = problem.values
        if let key = values["area"] { values["area"] = areaName(key) }
        for (name, value) in values where ["ended", "from", "opens", "closes"].contains(name) {
            if let day = CivilDate(iso: value) { values[name] = language.format(day) }
        }
        return localizer.text(problem.key, language, values)
    }

    /// The element id the form gives a field at `path`: what `ApplicationEditor` writes.
    static func elementID(_ path: String) -> String {
        "f-" + path.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    /// Labels of the fields that stand alone on the form, by their name in problems.
    private static let labels: [String: String] = [
        "nationalAuthority": "authority_name", "contactPerson": "application_contact_person", "phone": "authority_phone",
        "emails": "application_emails", "mode": "application_mode", "sponsorshipRequired": "application_sponsorship",
        "motivation": "application_motivation", "needsAssessment": "application_needs_assessment",
        "needsJustification": "application_needs_justification", "actionPlanStatus": "application_action_plan_status",
        "contributionToPlan": "application_contribution", "previousResultsAssessment": "application_previous_results",
        "experience": "application_experience", "preferredPartners": "application_partners",
        "partnerAgreementSought": "application_agreement_sought", "workingLanguages": "application_languages",
        "firstVisitFrom": "application_first_visit_from", "firstVisitTo": "application_first_visit_to",
        "headName": "application_head_name", "headTitle": "application_head_title", "signedOn": "application_signed_on",
        "signedForm": "application_upload", "needs": "application_needs", "expertise": "application_expertise",
        "call": "application_call", "expectedResults": "application_expected_result", "resultsFramework": "application_framework",
    ]

    private static let parts: [String: String] = [
        "description": "application_indicator", "baseline": "application_baseline", "target": "application_target",
        "unit": "application_unit", "measure": "application_indicator_measure", "meansOfVerification": "application_verification",
        "statement": "application_result_statement", "customName": "application_own_area_name",
    ]

    /// The field's name and element for `problem`. Paths are those of `ApplicationCheck`: `emails`,
    /// `needs[2].level`, `expectedResults[0].description`, `resultsFramework.areas[1].outcomes[0].indicators[2].unit`,
    /// `resultsFramework.nationalAuthority` (a mandatory area not planned).
    private func place(_ problem: ApplicationProblem) -> (String, String?) {
        let path = problem.field
        let steps = Self.steps(path)
        guard let first = steps.first else { return ("", nil) }
        switch first.name {
        case "expectedResults" where first.index != nil:
            let index = first.index!
            // An expected result is its description and how it is verified.
            let part = steps.dropFirst().first?.name ?? ""
            let name = "\(t("application_expected_result")) \(index + 1)" + (part == "meansOfVerification" ? " › " + t("application_verification") : "")
            return (name, Self.elementID(path))
        case "needs", "expertise":
            return (t(Self.labels[first.name]!), first.index.flatMap { index in
                (first.name == "needs" ? form.needs : form.expertise).indices.contains(index)
                    ? "f-\(first.name)-\((first.name == "needs" ? form.needs : form.expertise)[index].key)" : nil
            })
        case "preferredPartners":
            return (t("application_partners"), "f-preferredPartners")
        case "resultsFramework":
            return framework(Array(steps.dropFirst()), path: path)
        default:
            let name = Self.labels[first.name].map(t) ?? first.name
            let hasElement = !["call", "signedForm", "expectedResults", "resultsFramework", "needs", "expertise"].contains(first.name)
            return (name, first.name == "signedForm" ? "signed-file" : hasElement ? Self.elementID(first.name) : nil)
        }
    }

    private func framework(_ steps: [Step], path: String) -> (String, String?) {
        let title = t("application_framework")
        guard let area = steps.first else { return (title, nil) }
        guard area.name == "areas", let a = area.index else {
            // A mandatory area that is not planned: named by the call.
            return ("\(title) › \(areaName(area.name))", nil)
        }
        let plan = form.resultsFramework.areas.indices.contains(a) ? form.resultsFramework.areas[a] : nil
        var name = "\(t("application_area")) \(a + 1)" + (plan.map { " (\($0.customName.isEmpty ? areaName($0.key) : $0.customName))" } ?? "")
        var anchor = "f-areas-\(a)-key"
        for step in steps.dropFirst() {
            switch step.name {
            case "outputs", "outcomes":
                name += " › \(t(step.name == "outputs" ? "application_level_output" : "application_level_outcome")) \((step.index ?? 0) + 1)"
            case "indicators":
                name += step.index.map { " › \(t("application_indicator")) \($0 + 1)" } ?? " › \(t("application_indicator"))"
            default:
                if let label = Self.parts[step.name] { name += " › " + t(label) }
            }
        }
        // Every field of the framework the editor draws has the path's own id; a list without items points at its area.
        if let last = steps.last, Self.parts[last.name] != nil { anchor = Self.elementID(path) }
        return (name, anchor)
    }

    private func areaName(_ key: String) -> String {
        if key.isEmpty { return "—" }
        // An area the applicant adds has a made-up key until it is named.
        return key.hasPrefix("own_area") ? t("application_own_area") : localizer.text("thematic_area_" + key, language)
    }

    private struct Step {
        let name: String
        let index: Int?
    }

    /// `areas[1].outcomes[0]` → (areas, 1), (outcomes, 0).
    private static func steps(_ path: String) -> [Step] {
        path.split(separator: ".").map { part in
            guard let open = part.firstIndex(of: "["), let close = part.firstIndex(of: "]") else { return Step(name: String(part), index: nil) }
            return Step(name: String(part[..<open]), index: Int(part[part.index(after: open)..<close]))
        }
    }
}
