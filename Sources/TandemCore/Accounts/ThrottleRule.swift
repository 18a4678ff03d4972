import Foundation

/// How many failed sign-ins are tolerated before a key (an account's email, or a network address) is
/// locked for a while: enough for typing mistakes, too few for guessing.
public struct ThrottleRule: Equatable, Sendable {
    /// Failures counted within one window, and the attempts being checked right now.
    public struct State: Equatable, Sendable {
        public var failures: Int
        public var windowStart: Date
        public var lockedUntil: Date?
        /// Attempts let through whose password or code is being checked.
        public var pending: Int
        /// When the latest of them was let through: a check lasts well under `pendingLifetime`, so older ones
        /// are from a process that stopped and no longer count.
        public var pendingSince: Date?

        public init(failures: Int = 0, windowStart: Date, lockedUntil: Date? = nil, pending: Int = 0, pendingSince: Date? = nil) {
            self.failures = failures
            self.windowStart = windowStart
            self.lockedUntil = lockedUntil
            self.pending = pending
            self.pendingSince = pendingSince
        }

        func pending(at now: Date) -> Int {
            guard let since = pendingSince, now.timeIntervalSince(since) < ThrottleRule.pendingLifetime else { return 0 }
            return pending
        }
    }

    static let pendingLifetime: TimeInterval = 30

    public let maxFailures: Int
    public let window: TimeInterval
    public let lockout: TimeInterval

    public init(maxFailures: Int, window: TimeInterval, lockout: TimeInterval) {
        self.maxFailures = maxFailures
        self.window = window
        self.lockout = lockout
    }

    /// For one account: five failures in fifteen minutes lock it for fifteen minutes.
    public static let account = ThrottleRule(maxFailures: 5, window: 15 * 60, lockout: 15 * 60)
    /// For one network address, which many honest people may share: twenty failures.
    public static let address = ThrottleRule(maxFailures: 20, window: 15 * 60, lockout: 15 * 60)

    /// Seconds left before the key may try again, or nil when it is not locked.
    public func wait(_ state: State?, now: Date) -> TimeInterval? {
        guard let until = state?.lockedUntil, until > now else { return nil }
        return until.timeIntervalSince(now)
    }

    /// The state after one more failure at `now`.
    public func failing(_ state: State?, now: Date) -> State {
        failed(state, now: now)
    }

    /// What to do with one more attempt at `now`.
    public enum Admission: Equatable, Sendable {
        /// Check it; the state counts it as being checked.
        case check(State)
        /// The key is locked for this long.
        case locked(TimeInterval)
        /// As many attempts as may still fail are being checked now: wait a moment for their outcome. This
        /// keeps a burst sent at once to `maxFailures` checks, while right passwords sent together all get in.
        case wait
    }

    public func admitting(_ state: State?, now: Date) -> Admission {
        if let wait = wait(state, now: now) { return .locked(wait) }
        var next = current(state, now: now)
        guard next.failures + next.pending(at: now) < maxFailures else { return .wait }
        next.pending = next.pending(at: now) + 1
        next.pendingSince = now
        return .check(next)
    }

    /// The state once a checked attempt turned out wrong: one more failure, which may lock the key.
    public func failed(_ state: State?, now: Date) -> State {
        var next = current(state, now: now)
        next.pending = max(next.pending(at: now) - 1, 0)
        next.failures += 1
        if next.failures >= maxFailures { next.lockedUntil = now.addingTimeInterval(lockout) }
        return next
    }

    /// The state once a checked attempt turned out right: it is no longer pending.
    public func succeeded(_ state: State?, now: Date) -> State {
        var next = current(state, now: now)
        next.pending = max(next.pending(at: now) - 1, 0)
        return next
    }

    /// The state with an ended window or lock started afresh.
    private func current(_ state: State?, now: Date) -> State {
        guard let state else { return State(windowStart: now) }
        if now.timeIntervalSince(state.windowStart) > window || (state.lockedUntil.map { $0 <= now } ?? false) {
            return State(windowStart: now, pending: state.pending(at: now), pendingSince: state.pendingSince)
        }
        return state
    }
}
