import Foundation
import Testing
@testable import TandemCore

@Suite struct CivilDateArithmeticTests {
    @Test func addsMonthsKeepingTheDayWhereItExists() {
        let day = CivilDate(year: 2025, month: 1, day: 31)!
        #expect(day.adding(months: 1) == CivilDate(year: 2025, month: 2, day: 28))
        #expect(day.adding(months: 13) == CivilDate(year: 2026, month: 2, day: 28))
        #expect(CivilDate(year: 2023, month: 2, day: 28)!.adding(years: 1) == CivilDate(year: 2024, month: 2, day: 28))
        #expect(CivilDate(year: 2024, month: 2, day: 29)!.adding(years: 4) == CivilDate(year: 2028, month: 2, day: 29))
        #expect(CivilDate(year: 2024, month: 2, day: 29)!.adding(years: 1) == CivilDate(year: 2025, month: 2, day: 28))
        #expect(CivilDate(year: 2025, month: 3, day: 15)!.adding(months: -3) == CivilDate(year: 2024, month: 12, day: 15))
        #expect(CivilDate(year: 2024, month: 2, day: 3)!.endOfMonth == CivilDate(year: 2024, month: 2, day: 29))
    }
}

@Suite struct ReviewScheduleTests {
    @Test func quarterEndsWithinTheCallsPeriod() {
        let dates = ReviewSchedule.quarterEnds(from: CivilDate(iso: "2025-02-12")!, to: CivilDate(iso: "2027-12-31")!)
        #expect(dates.count == 12)
        #expect(dates.first == CivilDate(iso: "2025-03-31") && dates.last == CivilDate(iso: "2027-12-31"))
        #expect(dates.map(\.month) == [3, 6, 9, 12, 3, 6, 9, 12, 3, 6, 9, 12])
        #expect(dates.contains(CivilDate(iso: "2026-06-30")!))
        #expect(ReviewSchedule.quarterEnds(from: CivilDate(iso: "2025-04-01")!, to: CivilDate(iso: "2025-06-29")!) == [])
    }

    @Test func anApplicationWaitsForTheNextReview() {
        let dates = ReviewSchedule.quarterEnds(from: CivilDate(iso: "2025-01-01")!, to: CivilDate(iso: "2025-12-31")!)
        #expect(ReviewSchedule.review(for: CivilDate(iso: "2025-03-31")!, among: dates) == CivilDate(iso: "2025-03-31"))
        #expect(ReviewSchedule.review(for: CivilDate(iso: "2025-04-01")!, among: dates) == CivilDate(iso: "2025-06-30"))
        #expect(ReviewSchedule.review(for: CivilDate(iso: "2026-01-01")!, among: dates) == nil)
    }
}

@Suite struct EligibilityTests {
    let opening2025 = CivilDate(iso: "2025-02-12")!
    var history: [Partnership] { Fixtures.history?.partnerships ?? [] }

    @Test func aMenteeWhosePartnershipEndedIn2019MayApplyIn2025WithAnAssessment() {
        // Togo was mentored by Morocco; the return visit ended on 29 March 2019.
        #expect(Eligibility.of("TGO", seekingMentorship: true, applyingOn: opening2025, history: history, rules: .current)
                == .eligibleWithResultsAssessment(previous: "2018-MAR-TGO", ended: CivilDate(iso: "2019-03-29")!))
    }

    @Test func aMenteeWhosePartnershipEndedAYearBeforeTheOpeningIsRefusedWithTheDates() {
        let opening = CivilDate(iso: "2020-03-29")!
        let answer = Eligibility.of("TGO", seekingMentorship: true, applyingOn: opening, history: history, rules: .current)
        #expect(answer == .tooSoon(previous: "2018-MAR-TGO", ended: CivilDate(iso: "2019-03-29")!,
                                   eligibleFrom: CivilDate(iso: "2023-03-29")!))
        #expect(!answer.isEligible)
        // The gap is counted to the day: on the anniversary, the state may apply.
        #expect(Eligibility.of("TGO", seekingMentorship: true, applyingOn: CivilDate(iso: "2023-03-29")!, history: history,
                               rules: .current).isEligible)
    }

    @Test func theFourYearsAreCountedToTheDayOfSubmissionNotToTheCallsOpening() {
        // Togo's partnership ended on 29 March 2019; a call opening in 2023 before the anniversary does not shut it out.
        let submittedTheDayBefore = CivilDate(iso: "2023-03-28")!
        #expect(Eligibility.of("TGO", seekingMentorship: true, applyingOn: submittedTheDayBefore, history: history, rules: .current)
                == .tooSoon(previous: "2018-MAR-TGO", ended: CivilDate(iso: "2019-03-29")!, eligibleFrom: CivilDate(iso: "2023-03-29")!))
        #expect(Eligibility.of("TGO", seekingMentorship: true, applyingOn: CivilDate(iso: "2023-03-29")!, history: history, rules: .current)
                == .eligibleWithResultsAssessment(previous: "2018-MAR-TGO", ended: CivilDate(iso: "2019-03-29")!))
        // The gap is a call's rule, not a constant.
        var rules = ProgrammeRules.current
        rules.reapplicationGapYears = 5
        #expect(!Eligibility.of("TGO", seekingMentorship: true, applyingOn: CivilDate(iso: "2024-03-28")!, history: history, rules: rules).isEligible)
        #expect(Eligibility.of("TGO", seekingMentorship: true, applyingOn: CivilDate(iso: "2024-03-29")!, history: history, rules: rules).isEligible)
    }

    @Test func aMenteeWhosePartnershipIsStillUnderWayMayNotSeekMentorship() {
        let running = Partnership(code: "2026-GBR-GHA", participants: Fixtures.partnership("GBR", "GHA", visits: []).participants,
                                  start: CivilDate(iso: "2026-12-01"), end: nil, status: .active, visits: [])
        #expect(Eligibility.of("GHA", seekingMentorship: true, applyingOn: CivilDate(iso: "2026-12-02")!, history: [running], rules: .current)
                == .inPartnership(previous: "2026-GBR-GHA"))
        #expect(!Eligibility.of("GHA", seekingMentorship: true, applyingOn: CivilDate(iso: "2026-12-02")!, history: [running], rules: .current).isEligible)
        #expect(Eligibility.of("GHA", seekingMentorship: false, applyingOn: CivilDate(iso: "2026-12-02")!, history: [running], rules: .current).isEligible)
    }

    @Test func offeringMentorshipAndNeverHavingBeenAMenteeAreAlwaysOpen() {
        let opening = CivilDate(iso: "2019-06-01")!
        #expect(Eligibility.of("TGO", seekingMentorship: false, applyingOn: opening, history: history, rules: .current) == .eligible)
        // The United Kingdom has only ever been a mentor.
        #expect(Eligibility.of("GBR", seekingMentorship: true, applyingOn: opening, history: history, rules: .current) == .eligible)
        #expect(Eligibility.of("FRA", seekingMentorship: true, applyingOn: opening2025, history: [], rules: .current) == .eligible)
    }

    @Test func theLatestOfSeveralMenteePartnershipsCounts() {
        let older = Fixtures.partnership("GBR", "MWI", visits: [(2012, .completed)])
        let newer = Fixtures.partnership("ZAF", "MWI", visits: [(2016, .completed)])
        let withDates = [older, newer].map { p in
            Partnership(code: p.code, participants: p.participants, start: nil,
                        end: CivilDate(year: p.visits[0].year, month: 6, day: 30), status: .completed, visits: p.visits)
        }
        let answer = Eligibility.of("MWI", seekingMentorship: true, applyingOn: CivilDate(iso: "2019-01-01")!, history: withDates, rules: .current)
        #expect(answer == .tooSoon(previous: "2016-ZAF-MWI", ended: CivilDate(iso: "2016-06-30")!, eligibleFrom: CivilDate(iso: "2020-06-30")!))
    }
}

@Suite struct CivilDateUTCTests {
    @Test func aMomentFallsOnItsUTCDay() {
        #expect(CivilDate(utc: Date(timeIntervalSince1970: 1_768_478_400)) == CivilDate(iso: "2026-01-15"))
        #expect(CivilDate(utc: Date(timeIntervalSince1970: 1_768_521_599)) == CivilDate(iso: "2026-01-15"))
        #expect(CivilDate(utc: Date(timeIntervalSince1970: 1_768_521_600)) == CivilDate(iso: "2026-01-16"))
    }
}
