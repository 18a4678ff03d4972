import Foundation
import Testing
@testable import TandemCore

@Suite struct ApplicationCheckTests {
    static let call = Call(slug: "2025-2027", title: "2025-2027", reference: "S/2368/2025",
                           opens: CivilDate(iso: "2025-02-12")!, closes: CivilDate(iso: "2027-12-31")!, status: .open,
                           rules: .current, reviewDates: [], thematicAreas: ThematicArea.annex2)
    static let today = CivilDate(iso: "2025-06-01")!

    static func check(_ eligibility: Eligibility = .eligible, today: CivilDate = today) -> ApplicationCheck {
        ApplicationCheck(call: call, eligibility: eligibility, statesParties: ["GHA", "NGA", "GBR", "FRA"], applicant: "GHA", today: today)
    }

    static func indicator() -> Indicator {
        Indicator(description: "Officials trained in declarations", baseline: "0", target: "12", unit: "officials",
                  meansOfVerification: "Attendance lists")
    }

    static func plan(_ key: String, customName: String = "") -> AreaPlan {
        AreaPlan(key: key, customName: customName,
                 outputs: [PlannedResult(statement: "Workshop held", indicators: [indicator()])],
                 outcomes: [PlannedResult(statement: "Declarations submitted on time", indicators: [indicator()])])
    }

    /// A mentee's application with everything filled in.
    static func complete() -> ApplicationForm {
        var form = ApplicationForm()
        form.nationalAuthority = "Ghana National Authority"
        form.contactPerson = "Kofi Mensah"
        form.phone = "+233 30 000 0000"
        form.emails = ["na@example.gh"]
        form.mode = .seeking
        form.sponsorshipRequired = true
        form.motivation = "To strengthen national implementation."
        form.needsAssessment = "Assessment made with stakeholders."
        form.needsJustification = "Legislation is pending."
        form.actionPlanStatus = "Drafted in 2024."
        form.contributionToPlan = "The partnership supports items 2 and 4."
        form.needs = [AreaLevel(key: "implementing_legislation", level: 1), AreaLevel(key: "national_authority", level: 2)]
        form.preferredPartners = ["NGA"]
        form.partnerAgreementSought = false
        form.workingLanguages = ["en"]
        form.firstVisitFrom = CivilDate(iso: "2026-01-01")
        form.firstVisitTo = CivilDate(iso: "2026-03-31")
        form.expectedResults = [ExpectedResult(description: "Implementing legislation drafted", meansOfVerification: "Draft bill")]
        form.resultsFramework = ResultsFramework(areas: [plan("national_authority"), plan("implementing_legislation")])
        form.headName = "Ama Owusu"
        form.headTitle = "Head of the National Authority"
        form.signedOn = CivilDate(iso: "2025-05-30")
        form.signedFormAttached = true
        return form
    }

    @Test func aCompleteMenteeApplicationHasNoProblems() {
        #expect(Self.check().problems(Self.complete()) == [])
    }

    @Test func anEmptyFormListsEverySectionsMissingItems() {
        let problems = Self.check().problems(ApplicationForm())
        #expect(Set(problems.map(\.section)) == [1, 2, 3, 5])
        #expect(problems.contains(ApplicationProblem(section: 1, field: "mode", key: "application_mode_needed")))
        #expect(problems.contains(ApplicationProblem(section: 5, field: "signedForm", key: "application_signed_form_needed")))
    }

    @Test func theSecondMandatoryAreaLeftEmptyIsNamed() {
        var form = Self.complete()
        form.resultsFramework.areas[1].outcomes = []
        let problems = Self.check().problems(form)
        #expect(problems == [ApplicationProblem(section: 4, field: "resultsFramework.implementing_legislation",
                                                key: "application_mandatory_area", values: ["area": "implementing_legislation"])])
        form.resultsFramework.areas.removeLast()
        #expect(Self.check().problems(form).map(\.key) == ["application_framework_two_areas", "application_mandatory_area"])
    }

    @Test func anIndicatorWithoutATargetIsNamedByItsPath() {
        var form = Self.complete()
        form.resultsFramework.areas.append(Self.plan("education_outreach"))
        form.resultsFramework.areas[2].outputs[0].indicators[0].target = " "
        #expect(Self.check().problems(form) == [
            ApplicationProblem(section: 4, field: "resultsFramework.areas[2].outputs[0].indicators[0].target", key: "application_required"),
        ])
    }

    @Test func anAreaTheApplicantAddsNeedsAName() {
        var form = Self.complete()
        form.resultsFramework.areas.append(Self.plan("customs_cooperation"))
        #expect(Self.check().problems(form).map(\.field) == ["resultsFramework.areas[2].customName"])
        form.resultsFramework.areas[2].customName = "Cooperation with customs"
        #expect(Self.check().problems(form) == [])
    }

    @Test func aMentorNeitherSeesNorNeedsSectionFour() {
        var form = Self.complete()
        form.mode = .offering
        form.resultsFramework = ResultsFramework()
        form.expectedResults = []
        #expect(Self.check().problems(form).map(\.field) == ["expertise", "experience"])
        form.expertise = [AreaLevel(key: "inspections", level: 1)]
        form.experience = "Twenty years of industry inspections."
        #expect(Self.check().problems(form) == [])
    }

    @Test func preferredPartnersMustBeOtherStatesParties() {
        var form = Self.complete()
        form.preferredPartners = ["XYZ", "GHA", "GBR"]
        #expect(Self.check().problems(form) == [
            ApplicationProblem(section: 3, field: "preferredPartners[0]", key: "application_partner_unknown", values: ["code": "XYZ"]),
            ApplicationProblem(section: 3, field: "preferredPartners[1]", key: "application_partner_self"),
        ])
    }

    @Test func aFormerMenteeMustAssessItsEarlierResultsOrWaitForTheGap() {
        let assessed = Eligibility.eligibleWithResultsAssessment(previous: "2018-MAR-TGO", ended: CivilDate(iso: "2019-03-29")!)
        #expect(Self.check(assessed).problems(Self.complete()).map(\.field) == ["previousResultsAssessment"])
        var form = Self.complete()
        form.previousResultsAssessment = "Legislation adopted in 2021."
        #expect(Self.check(assessed).problems(form) == [])

        let tooSoon = Eligibility.tooSoon(previous: "2018-MAR-TGO", ended: CivilDate(iso: "2019-03-29")!, eligibleFrom: CivilDate(iso: "2023-03-29")!)
        let refused = Self.check(tooSoon).problems(form)
        // Its years end while the call is open: it keeps the draft and submits from that day.
        #expect(refused.map(\.key) == ["application_not_eligible_yet"])
        #expect(refused.first?.values == ["partnership": "2018-MAR-TGO", "ended": "2019-03-29", "from": "2023-03-29", "closes": "2027-12-31",
                                          "gap": "4"])
        let afterTheCall = Eligibility.tooSoon(previous: "2025-MAR-TGO", ended: CivilDate(iso: "2026-03-29")!, eligibleFrom: CivilDate(iso: "2030-03-29")!)
        #expect(Self.check(afterTheCall).problems(form).map(\.key) == ["application_not_eligible"])
        // Offering mentorship stays open to it.
        form.mode = .offering
        form.expertise = [AreaLevel(key: "inspections", level: 1)]
        form.experience = "Inspections."
        #expect(Self.check(tooSoon).problems(form) == [])
    }

    @Test func aQualitativeIndicatorHasNoUnitAndMovesAlongTheStatusScale() {
        var form = Self.complete()
        let lawAdopted = Indicator(description: "Implementing law adopted", baseline: "not_started", target: "achieved", unit: "",
                                   meansOfVerification: "Official gazette", measure: .status)
        form.resultsFramework.areas[0].outcomes[0].indicators = [lawAdopted]
        #expect(Self.check().problems(form) == [])
        // A counted indicator still needs its unit.
        form.resultsFramework.areas[0].outcomes[0].indicators[0].measure = .quantity
        #expect(Self.check().problems(form).map(\.field) == ["resultsFramework.areas[0].outcomes[0].indicators[0].unit"])
        // A status off the scale is refused by its field.
        form.resultsFramework.areas[0].outcomes[0].indicators[0] = Indicator(description: "Law", baseline: "none", target: "adopted", unit: "",
                                                                              meansOfVerification: "Gazette", measure: .status)
        #expect(Self.check().problems(form).map(\.key) == ["application_status_scale", "application_status_scale"])
        #expect(Self.check().problems(form).map(\.field).last == "resultsFramework.areas[0].outcomes[0].indicators[0].target")
    }

    @Test func indicatorsStoredBeforeTheyHadAMeasureAreCounted() throws {
        let stored = #"{"description":"Officials trained","baseline":"0","target":"12","unit":"officials","meansOfVerification":"Lists"}"#
        let indicator = try JSONDecoder().decode(Indicator.self, from: Data(stored.utf8))
        #expect(indicator.measure == .quantity && indicator.unit == "officials")
        let qualitative = Indicator(description: "Law", baseline: "under_way", target: "achieved", unit: "", meansOfVerification: "Gazette",
                                    measure: .status)
        #expect(try JSONDecoder().decode(Indicator.self, from: JSONEncoder().encode(qualitative)) == qualitative)
    }

    @Test func aStatusTargetIsMetWhenTheReportedStatusReachesIt() {
        #expect(IndicatorProgress.isMet(baseline: "not_started", target: "partly_achieved", actual: "achieved", achieved: nil) == true)
        #expect(IndicatorProgress.isMet(baseline: "not_started", target: "partly_achieved", actual: "partly_achieved", achieved: nil) == true)
        #expect(IndicatorProgress.isMet(baseline: "not_started", target: "achieved", actual: "under_way", achieved: true) == false)
        #expect(IndicatorStatus.allCases.sorted() == [.notStarted, .underWay, .partlyAchieved, .achieved])
    }

    @Test func nothingCanBeSubmittedOutsideTheCallsDates() {
        let late = Self.check(today: CivilDate(iso: "2028-01-01")!).problems(Self.complete())
        #expect(late == [ApplicationProblem(section: 1, field: "call", key: "application_call_closed",
                                            values: ["opens": "2025-02-12", "closes": "2027-12-31"])])
    }

    @Test func badEmailsLevelsAndDatesAreNamed() {
        var form = Self.complete()
        form.emails = ["na@example.gh", "not an address"]
        form.needs[0].level = 5
        form.firstVisitTo = CivilDate(iso: "2025-12-01")
        #expect(Self.check().problems(form).map(\.field) == ["emails", "needs[0].level", "firstVisitTo"])
    }
}
