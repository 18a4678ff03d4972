import Foundation

/// How many failed sign-ins are tolerated before a key (an account's email, or a network address) is
/// locked for a while: enough for typing mistakes, too few for guessing.
public struct ThrottleRule: Equatable, Sendable {
    /// Failures counted within one window.
    public struct State: Equatable, Sendable {
        public var failures: Int
        public var windowStart: Date
        public var lockedUntil: Date?

        public init(failures: Int = 0, windowStart: Date, lockedUntil: Date? = nil) {
            self.failures = failures
            self.windowStart = windowStart
            self.lockedUntil = lockedUntil
        }
    }

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
        var next = state ?? State(windowStart: now)
        if now.timeIntervalSince(next.windowStart) > window || (next.lockedUntil.map { $0 <= now } ?? false) {
            next = State(windowStart: now)
        }
        next.failures += 1
        if next.failures >= maxFailures { next.lockedUntil = now.addingTimeInterval(lockout) }
        return next
    }

    /// The state after an attempt is let through at `now`, counted as a failure before its password or code is
    /// checked, so that a burst of attempts sent at once checks no more than `maxFailures` of them; nil when the
    /// key is locked and the attempt must wait.
    public func claiming(_ state: State?, now: Date) -> State? {
        wait(state, now: now) == nil ? failing(state, now: now) : nil
    }

    /// The state after a claimed attempt turned out right: its count is given back, and with it any lock it set.
    public func releasing(_ state: State, now: Date) -> State {
        var next = state
        next.failures = max(next.failures - 1, 0)
        if next.failures < maxFailures { next.lockedUntil = nil }
        return next
    }
}
