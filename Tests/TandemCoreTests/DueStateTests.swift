import Testing
@testable import TandemCore

struct DueStateTests {
    static let today = CivilDate(year: 2026, month: 12, day: 3)!

    @Test func aDeadlineIsOverdueTheDayAfterItsDueDayAndPressingTwoWeeksBefore() {
        func state(_ days: Int) -> DueState { DueState(due: Self.today.adding(days: days), today: Self.today) }
        #expect(state(-1) == .overdue(days: 1) && state(-1).isOverdue)
        #expect(state(0) == .today && !state(0).isOverdue && state(0).isPressing)
        #expect(state(1) == .soon(days: 1))
        #expect(state(14) == .soon(days: 14) && state(14).isPressing)
        #expect(state(15) == .later(days: 15) && !state(15).isPressing)
        #expect(state(-400) == .overdue(days: 400))
    }

    @Test func theMostPressingComesFirstAndUndatedThingsLastInTheirOrder() {
        let items: [(String, CivilDate?)] = [("proposal", nil), ("report", Self.today.adding(days: 20)), ("visit", Self.today.adding(days: -2)),
                                              ("apply", nil), ("cosign", Self.today.adding(days: 20))]
        #expect(DueState.mostPressingFirst(items, due: \.1).map(\.0) == ["visit", "report", "cosign", "proposal", "apply"])
    }
}

struct LapsedPartnershipTests {
    static func partnership(_ status: PartnershipStatus, visits: [Visit], start: CivilDate? = CivilDate(iso: "2019-02-11")) -> Partnership {
        Partnership(code: "2019-GBR-GMB", participants: [Participant(iso3: "GBR", role: .mentor), Participant(iso3: "GMB", role: .mentee)],
                    start: start, end: nil, status: status, visits: visits)
    }

    @Test func anActivePartnershipWithNothingDoneForTwoYearsHasLapsedSinceItsLastVisit() {
        let made = Visit(host: "GBR", visitor: "GMB", start: CivilDate(iso: "2019-02-11"), end: CivilDate(iso: "2019-02-15"), year: 2019, status: .completed)
        // The return visit was planned for 2020 and never made: it counts from the end of 2020.
        let planned = Visit(host: "GMB", visitor: "GBR", start: nil, end: nil, year: 2020, status: .planned)
        let history = Self.partnership(.active, visits: [made, planned])
        #expect(history.lapsed(on: CivilDate(iso: "2022-12-31")!) == nil)
        #expect(history.lapsed(on: CivilDate(iso: "2023-01-01")!) == CivilDate(iso: "2019-02-15"))
        #expect(Self.partnership(.active, visits: [made]).lapsed(on: CivilDate(iso: "2026-12-03")!) == CivilDate(iso: "2019-02-15"))
        // Completed or closed partnerships say so themselves; a cancelled visit is not activity.
        #expect(Self.partnership(.completed, visits: [made]).lapsed(on: CivilDate(iso: "2026-12-03")!) == nil)
        let cancelled = Visit(host: "GMB", visitor: "GBR", start: CivilDate(iso: "2026-01-10"), end: CivilDate(iso: "2026-01-14"), year: 2026, status: .cancelled)
        #expect(Self.partnership(.active, visits: [made, cancelled]).lapsed(on: CivilDate(iso: "2026-12-03")!) == CivilDate(iso: "2019-02-15"))
        // Begun recently with no visit yet: under way.
        #expect(Self.partnership(.active, visits: [], start: CivilDate(iso: "2026-01-05")).lapsed(on: CivilDate(iso: "2026-12-03")!) == nil)
    }
}
