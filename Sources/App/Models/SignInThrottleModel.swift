import Fluent
import Foundation
import TandemCore

/// Failed sign-ins counted for one key: `email:…` for an account, `address:…` for a network address.
final class SignInThrottleModel: Model, @unchecked Sendable {
    static let schema = "sign_in_throttles"

    @ID(key: .id) var id: UUID?
    /// Raised by every change; a change writes only if it is still the version it read (see `Database.claim`).
    @Field(key: "version") var version: Int
    @Field(key: "key") var key: String
    @Field(key: "failures") var failures: Int
    @Field(key: "window_start") var windowStart: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @Field(key: "pending") var pending: Int
    @OptionalField(key: "pending_since") var pendingSince: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $version, $key, $failures, $windowStart, $lockedUntil, $pending, $pendingSince] }

    init() {}

    init(key: String) {
        self.version = 0
        self.key = key
        self.failures = 0
        self.windowStart = Date(timeIntervalSince1970: 0)
        self.pending = 0
    }

    var state: ThrottleRule.State {
        get {
            ThrottleRule.State(failures: failures, windowStart: windowStart, lockedUntil: lockedUntil, pending: pending, pendingSince: pendingSince)
        }
        set {
            failures = newValue.failures
            windowStart = newValue.windowStart
            lockedUntil = newValue.lockedUntil
            pending = newValue.pending
            pendingSince = newValue.pendingSince
        }
    }
}
