import Foundation
import Vapor

/// The time as Tandem sees it; tests move it to reach expiry dates without waiting.
struct AppClock: Sendable {
    let now: @Sendable () -> Date

    static let system = AppClock(now: { Date() })

    /// The moment written in `path` (ISO 8601, e.g. `2026-05-01T09:00:00Z`), read at every call; the system's
    /// time while the file is missing or unreadable. Lets a test move time in a running server.
    static func file(_ path: String) -> AppClock {
        AppClock(now: {
            guard let data = FileManager.default.contents(atPath: path),
                  let moment = ISO8601DateFormatter().date(from: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            else { return Date() }
            return moment
        })
    }
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
