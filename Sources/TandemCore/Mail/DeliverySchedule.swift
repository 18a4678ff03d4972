import Foundation

/// When to try a message again after a failed attempt: back off exponentially up to a ceiling, and give
/// up only after long enough to outlast an ordinary mail-server outage.
public struct DeliverySchedule: Sendable, Equatable {
    public var firstDelay: TimeInterval
    public var longestDelay: TimeInterval
    public var maximumAttempts: Int

    /// 1, 2, 4 … minutes, then hourly: 30 attempts span about a day.
    public static let standard = DeliverySchedule(firstDelay: 60, longestDelay: 3600, maximumAttempts: 30)

    public init(firstDelay: TimeInterval, longestDelay: TimeInterval, maximumAttempts: Int) {
        self.firstDelay = firstDelay
        self.longestDelay = longestDelay
        self.maximumAttempts = maximumAttempts
    }

    /// The wait after attempt number `attempts` (1 for the first) failed, or nil when it is time to give up.
    public func delay(afterAttempts attempts: Int) -> TimeInterval? {
        guard attempts < maximumAttempts else { return nil }
        let exponent = Double(max(0, min(attempts - 1, 30)))
        return min(firstDelay * pow(2, exponent), longestDelay)
    }
}
