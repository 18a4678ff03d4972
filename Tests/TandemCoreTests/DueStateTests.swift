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
