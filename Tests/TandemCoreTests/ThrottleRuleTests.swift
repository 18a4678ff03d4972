import Foundation
import Testing
@testable import TandemCore

@Suite struct ThrottleRuleTests {
    let rule = ThrottleRule(maxFailures: 3, window: 600, lockout: 900)
    let start = Date(timeIntervalSince1970: 1_000_000)

    @Test func locksAfterTooManyFailuresInTheWindow() {
        var state: ThrottleRule.State? = nil
        for second in [0.0, 10, 20] {
            #expect(rule.wait(state, now: start.addingTimeInterval(second)) == nil)
            state = rule.failing(state, now: start.addingTimeInterval(second))
        }
        #expect(state?.failures == 3)
        #expect(rule.wait(state, now: start.addingTimeInterval(20)) == 900)
        #expect(rule.wait(state, now: start.addingTimeInterval(919)) == 1)
        #expect(rule.wait(state, now: start.addingTimeInterval(920)) == nil)
    }

    @Test func forgetsFailuresOutsideTheWindowAndAfterALock() {
        var state = rule.failing(nil, now: start)
        state = rule.failing(state, now: start.addingTimeInterval(100))
        state = rule.failing(state, now: start.addingTimeInterval(701))
        #expect(state.failures == 1)
        #expect(state.lockedUntil == nil)

        var locked = ThrottleRule.State(failures: 3, windowStart: start, lockedUntil: start.addingTimeInterval(900))
        locked = rule.failing(locked, now: start.addingTimeInterval(901))
        #expect(locked.failures == 1 && locked.lockedUntil == nil)
    }
}
