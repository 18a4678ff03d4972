import Foundation
import Vapor

/// The time as Tandem sees it; tests move it to reach expiry dates without waiting.
struct AppClock: Sendable {
    let now: @Sendable () -> Date

    static let system = AppClock(now: { Date() })
}

extension Application {
    private struct ClockKey: StorageKey {
        typealias Value = AppClock
    }

    var clock: AppClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }
}
