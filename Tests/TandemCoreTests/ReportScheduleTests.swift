import Foundation
import Testing
@testable import TandemCore

@Suite struct ReportScheduleTests {
    static let rules = ProgrammeRules.current
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }
    static let first = VisitPlan(host: "GBR", visitor: "MWI", start: day("2025-03-03"), end: day("2025-03-07"), notifiedOn: day("2025-01-01"))
    static let second = VisitPlan(host: "MWI", visitor: "GBR", start: day("2025-07-07"), end: day("2025-07-11"), notifiedOn: day("2025-04-01"))

    @Test func interimReportsFallDueAfterTheirVisitAndTheFinalSixMonthsAfterTheSecond() {
        #expect(ReportSchedule.due(.interimFirst, visits: [Self.second, Self.first], rules: Self.rules) == Self.day("2025-04-06"))
        #expect(ReportSchedule.due(.interimSecond, visits: [Self.first, Self.second], rules: Self.rules) == Self.day("2025-08-10"))
        #expect(ReportSchedule.due(.final, visits: [Self.first, Self.second], rules: Self.rules) == Self.day("2026-01-11"))
    }

    @Test func aReportWhoseVisitHasNoDatesHasNoDueDateYet() {
        #expect(ReportSchedule.due(.interimSecond, visits: [Self.first], rules: Self.rules) == nil)
        #expect(ReportSchedule.due(.final, visits: [Self.first], rules: Self.rules) == nil)
        #expect(ReportSchedule.due(.followUp, visits: [Self.first, Self.second], rules: Self.rules) == nil)
    }

    @Test func remindersComeBeforeTheDueDayAndEscalationsAfter() {
        let policy = ReminderPolicy.standard, due = Self.day("2025-04-06")
        #expect(policy.step(due: due, today: Self.day("2025-03-22")) == nil)
        #expect(policy.step(due: due, today: Self.day("2025-03-23")) == .before(days: 14))
        #expect(policy.step(due: due, today: Self.day("2025-04-02")) == .before(days: 14))
        #expect(policy.step(due: due, today: Self.day("2025-04-03")) == .before(days: 3))
        #expect(policy.step(due: due, today: due) == nil)
        #expect(policy.step(due: due, today: Self.day("2025-04-07")) == .overdue(days: 1))
        #expect(policy.step(due: due, today: Self.day("2025-05-06")) == .overdue(days: 30))
        #expect(ReminderStep.overdue(days: 30).description == "overdue-30")
    }

    @Test func reportsAskForEveryIndicatorOfTheirLevel() {
        let framework = ResultsFramework(areas: [AreaPlan(
            key: "national_authority",
            outputs: [PlannedResult(statement: "Staff trained", indicators: [Indicator(description: "Officials trained", baseline: "0", target: "10", unit: "officials", meansOfVerification: "")])],
            outcomes: [PlannedResult(statement: "Law adopted", indicators: [Indicator(description: "Law", baseline: "none", target: "adopted", unit: "", meansOfVerification: "")])])])
        var form = ReportForm()
        form.activities = "Workshop"; form.participants = "12"; form.analysis = "Good"; form.nextSteps = "More"
        let output = IndicatorPath(area: 0, level: .output, result: 0, indicator: 0)
        #expect(ReportCheck.problems(form, kind: .interimFirst, framework: framework) == ["value_0.output.0.0": "report_value_needed"])
        // Against a target of 10, words are not a figure: the value is asked for again, not a judgement the form does not offer.
        form.values[output] = IndicatorValue(actual: "about 12")
        #expect(ReportCheck.problems(form, kind: .interimFirst, framework: framework) == ["value_0.output.0.0": "report_figure_needed"])
        form.values[output] = IndicatorValue(actual: "12")
        #expect(ReportCheck.problems(form, kind: .interimFirst, framework: framework).isEmpty)

        form.legislationChanges = "Tabled"; form.implementationChanges = "Unit set up"
        let outcome = IndicatorPath(area: 0, level: .outcome, result: 0, indicator: 0)
        form.values[outcome] = IndicatorValue(actual: "draft tabled")
        #expect(ReportCheck.problems(form, kind: .final, framework: framework) == ["achieved_0.outcome.0.0": "report_achieved_needed"])
        form.values[outcome]?.achieved = false
        #expect(ReportCheck.problems(form, kind: .final, framework: framework).isEmpty)

        let encoded = try! JSONEncoder().encode(form)
        #expect(try! JSONDecoder().decode(ReportForm.self, from: encoded) == form)
        #expect(IndicatorPath("0.outcome.0.0") == outcome && IndicatorPath("0.result.0.0") == nil)
    }

    @Test func aQualitativeIndicatorIsReportedAsAStepOfItsScale() {
        let framework = ResultsFramework(areas: [AreaPlan(
            key: "implementing_legislation",
            outcomes: [PlannedResult(statement: "Law adopted", indicators: [Indicator(description: "Implementing law", baseline: "not_started",
                                                                                      target: "achieved", unit: "", meansOfVerification: "Gazette",
                                                                                      measure: .status)])])])
        var form = ReportForm()
        form.analysis = "Good"; form.legislationChanges = "Tabled"; form.implementationChanges = "Unit set up"
        let outcome = IndicatorPath(area: 0, level: .outcome, result: 0, indicator: 0)
        form.values[outcome] = IndicatorValue(actual: "tabled in parliament")
        #expect(ReportCheck.problems(form, kind: .final, framework: framework) == ["value_0.outcome.0.0": "report_status_needed"])
        // A step of the scale needs no judgement: it says by itself whether the target is met.
        form.values[outcome] = IndicatorValue(actual: "partly_achieved")
        #expect(ReportCheck.problems(form, kind: .final, framework: framework).isEmpty)
        #expect(ReportForm.narrativeFields(.outcome).map(form.text) == ["Good", "Tabled", "Unit set up", "", ""])
    }

    @Test func aTargetIsMetByGoingAsFarAsItFromTheBaseline() {
        #expect(IndicatorProgress.number("75%") == 75 && IndicatorProgress.number("3 officials") == 3 && IndicatorProgress.number("2,5") == 2.5)
        #expect(IndicatorProgress.number("none") == nil)
        #expect(IndicatorProgress.isMet(baseline: "0", target: "10", actual: "10", achieved: nil) == true)
        #expect(IndicatorProgress.isMet(baseline: "0", target: "10", actual: "9", achieved: nil) == false)
        #expect(IndicatorProgress.isMet(baseline: "30", target: "10", actual: "8 days", achieved: nil) == true)
        #expect(IndicatorProgress.isMet(baseline: "none", target: "adopted", actual: "adopted", achieved: true) == true)
        #expect(IndicatorProgress.isMet(baseline: "none", target: "adopted", actual: "tabled", achieved: nil) == nil)
        #expect(IndicatorProgress.shareMet([true, false, nil, true, true]) == 0.75)
        #expect(IndicatorProgress.shareMet([nil]) == nil)
    }

    @Test func calendarFilesAreFoldedEscapedAndEndTheDayAfter() {
        let event = CalendarEvent(uid: "visit-1@tandem", summary: "Visit to Malawi; delegation of the UK, 2 officials",
                                  description: String(repeating: "é", count: 60), start: Self.day("2025-03-03"), end: Self.day("2025-03-07"))
        let text = ICalendar.document(name: "Tandem", events: [event], stamp: Date(timeIntervalSince1970: 0))
        #expect(text.contains("DTSTART;VALUE=DATE:20250303\r\nDTEND;VALUE=DATE:20250308\r\n"))
        #expect(text.contains("SUMMARY:Visit to Malawi\\; delegation of the UK\\, 2 officials"))
        #expect(text.contains("DTSTAMP:19700101T000000Z"))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    }

    @Test func daysAreCountedAcrossMonthsYearsAndLeapDays() {
        #expect(Self.day("2024-02-28").adding(days: 1) == Self.day("2024-02-29"))
        #expect(Self.day("2024-02-28").adding(days: 2) == Self.day("2024-03-01"))
        #expect(Self.day("2025-12-31").adding(days: 1) == Self.day("2026-01-01"))
        #expect(Self.day("2025-03-07").days(to: Self.day("2025-06-06")) == 91)
        #expect(Self.day("2025-06-06").days(to: Self.day("2025-03-07")) == -91)
        #expect(Self.day("1970-01-01").dayNumber == 0 && CivilDate(dayNumber: 20_000) == Self.day("2024-10-04"))
    }
}
