import Testing
@testable import TandemCore

@Suite struct FormBoundsTests {
    func text(_ count: Int) -> String { String(repeating: "é", count: count) }

    @Test func aFormAtEveryBoundPassesAndOneCharacterMoreIsNamedByItsField() {
        var form = ApplicationForm()
        form.motivation = text(FormBounds.longText)
        form.phone = text(FormBounds.shortText)
        form.emails = Array(repeating: "na@example.gh", count: FormBounds.listEntries)
        let indicator = Indicator(description: "Officials trained", baseline: "0", target: text(FormBounds.shortText), unit: "officials",
                                  meansOfVerification: "Lists")
        form.resultsFramework = ResultsFramework(areas: [AreaPlan(key: "national_authority", outputs: [PlannedResult(statement: "Trained", indicators: [indicator])])])
        #expect(form.boundProblems.isEmpty)

        form.motivation += "x"
        form.phone += "x"
        form.emails.append("one@more.gh")
        form.resultsFramework.areas[0].outputs[0].indicators[0].target += "x"
        let problems = form.boundProblems
        #expect(Set(problems.map(\.field)) == ["motivation", "phone", "emails", "resultsFramework.areas[0].outputs[0].indicators[0].target"])
        #expect(problems.first { $0.field == "motivation" } == ApplicationProblem(section: 2, field: "motivation", key: "form_text_too_long",
                                                                                  values: ["max": "20000"]))
        #expect(problems.first { $0.field == "emails" }?.key == "form_list_too_long")
        #expect(problems.first { $0.field.hasSuffix("target") }?.section == 4)
    }

    @Test func valuesTheFormCannotHoldAreRefusedEvenInADraft() {
        var form = ApplicationForm()
        form.needs = [AreaLevel(key: "national_authority", level: -5), AreaLevel(key: "implementing_legislation", level: 3)]
        form.workingLanguages = ["fr", #"GBR"><B"#]
        form.preferredPartners = ["NGA", #"GBR"><B"#]
        let problems = form.boundProblems
        #expect(problems.map(\.field) == ["needs[0].level", "preferredPartners[1]", "workingLanguages[1]"])
        #expect(problems.map(\.key) == ["application_level_range", "application_partner_code", "application_language_unknown"])
        #expect(problems.last?.values["codes"] == "en, fr, es, ar, ru, zh")
    }

    @Test func aReportTextOrValuePastItsBoundIsNamedByItsField() {
        var report = ReportForm()
        report.analysis = text(FormBounds.longText)
        let path = IndicatorPath(area: 0, level: .output, result: 0, indicator: 0)
        report.values[path] = IndicatorValue(actual: text(FormBounds.shortText), comment: text(FormBounds.longText))
        #expect(report.boundProblems.isEmpty)
        report.analysis += "x"
        report.values[path]?.comment += "x"
        #expect(report.boundProblems == ["analysis": "report_text_too_long", "value_" + path.description: "report_text_too_long"])
    }
}
