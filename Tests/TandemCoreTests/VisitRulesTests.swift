import Testing
@testable import TandemCore

/// The call's visit rules at their boundaries: 3 months between visits, 8 weeks' notice, the 12-month window,
/// two visits, the yearly cap, and the delegation's sponsorship.
@Suite struct VisitRulesTests {
    static let rules = ProgrammeRules.current
    static func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    static func visit(_ start: String, _ end: String, notified: String = "2025-01-01", host: String = "GBR", visitor: String = "MWI") -> VisitPlan {
        VisitPlan(host: host, visitor: visitor, start: day(start), end: day(end), notifiedOn: day(notified))
    }

    static func rulesBroken(_ visit: VisitPlan, others: [VisitPlan] = [], inYear: Int = 0) -> [String] {
        VisitRules.check(visit, others: others, partners: ["GBR", "MWI"], rules: rules, visitsInYear: inYear).filter(\.isBreach).map(\.rule)
    }

    @Test func aVisitWellPlannedBreaksNothing() {
        #expect(Self.rulesBroken(Self.visit("2025-06-02", "2025-06-06")).isEmpty)
    }

    @Test func exactlyThreeMonthsBetweenVisitsIsEnoughAndADayLessIsNot() {
        let first = Self.visit("2025-03-03", "2025-03-07")
        #expect(Self.rulesBroken(Self.visit("2025-06-07", "2025-06-11", host: "MWI", visitor: "GBR"), others: [first]).isEmpty)
        let tooSoon = VisitRules.check(Self.visit("2025-06-06", "2025-06-10", host: "MWI", visitor: "GBR"), others: [first],
                                       partners: ["GBR", "MWI"], rules: Self.rules, visitsInYear: 1)
        let breach = tooSoon.first { $0.rule == "visit_intermission" }
        #expect(breach?.values["days"] == "91")
        #expect(breach?.values["months"] == "3")
        #expect(breach?.values["earliest"] == "2025-06-07")
    }

    @Test func theIntermissionHoldsWhicheverVisitIsPlannedFirst() {
        let later = Self.visit("2025-09-01", "2025-09-05", host: "MWI", visitor: "GBR")
        #expect(Self.rulesBroken(Self.visit("2025-07-01", "2025-07-04"), others: [later]) == ["visit_intermission"])
    }

    @Test func exactlyEightWeeksNoticeIsEnoughAndADayLessIsNot() {
        #expect(Self.rulesBroken(Self.visit("2025-02-26", "2025-02-28", notified: "2025-01-01")).isEmpty)
        let late = VisitRules.check(Self.visit("2025-02-25", "2025-02-28", notified: "2025-01-01"), others: [],
                                    partners: ["GBR", "MWI"], rules: Self.rules, visitsInYear: 0)
        #expect(late.map(\.rule) == ["visit_notice"])
        #expect(late.first?.values["days"] == "55" && late.first?.values["required"] == "56")
    }

    @Test func bothVisitsFitInTwelveMonthsFromTheFirstDay() {
        let first = Self.visit("2025-03-03", "2025-03-07")
        // The window runs from 3 March 2025 to 2 March 2026.
        #expect(Self.rulesBroken(Self.visit("2026-02-26", "2026-03-02", host: "MWI", visitor: "GBR"), others: [first]).isEmpty)
        let past = VisitRules.check(Self.visit("2026-02-27", "2026-03-03", host: "MWI", visitor: "GBR"), others: [first],
                                    partners: ["GBR", "MWI"], rules: Self.rules, visitsInYear: 0)
        #expect(past.map(\.rule) == ["visit_window"])
        #expect(past.first?.values["latest"] == "2026-03-02")
    }

    @Test func eachPartnerHostsOneVisit() {
        let first = Self.visit("2025-03-03", "2025-03-07", host: "GBR", visitor: "MWI")
        let sameHost = VisitRules.check(Self.visit("2025-07-07", "2025-07-11", host: "GBR", visitor: "MWI"), others: [first],
                                        partners: ["GBR", "MWI"], rules: Self.rules, visitsInYear: 0)
        #expect(sameHost.map(\.rule) == ["visit_same_host"])
        #expect(sameHost.first?.field == "host" && sameHost.first?.values["host"] == "GBR" && sameHost.first?.isBreach == true)
        #expect(Self.rulesBroken(Self.visit("2025-07-07", "2025-07-11", host: "MWI", visitor: "GBR"), others: [first]).isEmpty)
        // The first visit may be hosted by either partner.
        #expect(Self.rulesBroken(Self.visit("2025-07-07", "2025-07-11", host: "MWI", visitor: "GBR")).isEmpty)
    }

    @Test func aVisitAlreadyBegunIsRecordedNotPlanned() {
        let late = VisitRules.check(Self.visit("2025-06-02", "2025-06-06", notified: "2025-06-03"), others: [],
                                    partners: ["GBR", "MWI"], rules: Self.rules, visitsInYear: 0)
        #expect(late.map(\.rule) == ["visit_in_past"])
        #expect(BilateralMeetingRules.holding(on: Self.day("2025-01-01"), today: Self.day("2025-06-01"), partnershipStart: Self.day("2025-02-01"))
                == "meeting_held_before_start")
        #expect(BilateralMeetingRules.holding(on: Self.day("2025-02-01"), today: Self.day("2025-06-01"), partnershipStart: Self.day("2025-02-01")) == nil)
    }

    @Test func visitsAreNumberedByTheirPlaceAmongThoseThatStand() {
        #expect(VisitNumbering.places(standing: [true, true]) == [1, 2])
        // The first plan was cancelled: the visit planned after it is the first, the next one the second.
        #expect(VisitNumbering.places(standing: [false, true, true]) == [nil, 1, 2])
        #expect(VisitNumbering.places(standing: [true, false, true]) == [1, nil, 2])
        #expect(VisitNumbering.places(standing: []) == [])
    }

    @Test func aThirdVisitOverlapsAndDatesInTheWrongOrderAreRefused() {
        let first = Self.visit("2025-03-03", "2025-03-07"), second = Self.visit("2025-07-07", "2025-07-11")
        #expect(Self.rulesBroken(Self.visit("2025-11-03", "2025-11-05"), others: [first, second]).contains("visit_too_many"))
        #expect(Self.rulesBroken(Self.visit("2025-03-05", "2025-03-09"), others: [first]).contains("visit_overlap"))
        #expect(Self.rulesBroken(Self.visit("2025-06-09", "2025-06-02")) == ["visit_dates_order"])
        #expect(Self.rulesBroken(Self.visit("2025-06-02", "2025-06-06", host: "MWI", visitor: "MWI")) == ["visit_host_visitor"])
        #expect(Self.rulesBroken(Self.visit("2025-06-02", "2025-06-06", host: "FRA")) == ["visit_host_visitor"])
    }

    @Test func theYearlyCapWarnsAsItNearsAndRefusesPastIt() {
        let visit = Self.visit("2025-06-02", "2025-06-06")
        func check(_ inYear: Int) -> [RuleBreach] {
            VisitRules.check(visit, others: [], partners: ["GBR", "MWI"], rules: Self.rules, visitsInYear: inYear)
        }
        #expect(check(5).isEmpty)
        #expect(check(6).map(\.severity) == [.warning])
        #expect(check(7).map(\.severity) == [.warning])
        #expect(check(7).first?.values == ["year": "2025", "planned": "8", "cap": "8"])
        #expect(check(8).map(\.rule) == ["visit_yearly_cap"])
        #expect(check(8).first?.isBreach == true)
    }

    @Test func theLastDayToGiveTheSecondVisitsDatesLeavesRoomInTheWindow() {
        let first = Self.visit("2025-03-03", "2025-03-07")
        #expect(VisitRules.lastNoticeDay(visits: [first], rules: Self.rules) == Self.day("2026-01-05"))
        #expect(VisitRules.lastNoticeDay(visits: [], rules: Self.rules) == nil)
        #expect(VisitRules.lastNoticeDay(visits: [first, Self.visit("2025-07-07", "2025-07-11")], rules: Self.rules) == nil)
    }

    // MARK: The delegation

    static let head = Delegate(name: "A. Banda", role: .management, sponsored: true)
    static let officer = Delegate(name: "B. Phiri", role: .staff, sponsored: true)

    static func delegationBreaks(_ delegates: [Delegate]) -> [String] {
        DelegationRules.check(delegates, rules: rules).filter(\.isBreach).map(\.rule)
    }

    @Test func twoSponsoredWithOneFromManagementAreAllowed() {
        #expect(Self.delegationBreaks([Self.head, Self.officer]).isEmpty)
        #expect(DelegationRules.canConfirm([Self.head, Self.officer], rules: Self.rules))
        // Officials the state pays for itself are recorded and do not count.
        #expect(Self.delegationBreaks([Self.head, Self.officer, Delegate(name: "C", role: .stakeholder, sponsored: false)]).isEmpty)
    }

    @Test func noOneFromManagementOrNoOneAtAllIsRefused() {
        #expect(Self.delegationBreaks([Self.officer]) == ["delegation_no_management"])
        #expect(Self.delegationBreaks([]) == ["delegation_empty"])
    }

    @Test func aThirdSponsoredNeedsTheExceptionAndTheSecretariatsApproval() {
        let third = Delegate(name: "C. Mwale", role: .stakeholder, sponsored: true)
        let breaches = DelegationRules.check([Self.head, Self.officer, third], rules: Self.rules)
        #expect(breaches.map(\.rule) == ["delegation_too_many_sponsored"])
        #expect(breaches.first?.values["count"] == "3" && breaches.first?.values["allowed"] == "2")

        var minister = third
        minister.exceptional = true
        let pending = DelegationRules.check([Self.head, Self.officer, minister], rules: Self.rules)
        #expect(pending.map(\.rule) == ["delegation_exception_pending"] && pending.first?.severity == .warning)
        #expect(!DelegationRules.canConfirm([Self.head, Self.officer, minister], rules: Self.rules))
        minister.exceptionApproved = true
        #expect(DelegationRules.check([Self.head, Self.officer, minister], rules: Self.rules).isEmpty)
        #expect(DelegationRules.canConfirm([Self.head, Self.officer, minister], rules: Self.rules))
        #expect(Self.delegationBreaks([Self.head, Self.officer, minister, minister]) == ["delegation_too_many_exceptional"])
    }
}
