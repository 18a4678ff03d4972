import Fluent
import TandemCore
import Vapor

/// Applies `ThrottleRule` to sign-in attempts, by account and by network address, in the database so
/// that every server instance counts the same failures.
struct SignInThrottle {
    let database: any Database
    let now: Date

    static func keys(email: String, address: String) -> [(key: String, rule: ThrottleRule)] {
        [("email:" + email.lowercased(), .account), ("address:" + address, .address)]
    }

    /// Seconds to wait before another attempt, or nil when none of the keys is locked.
    func wait(email: String, address: String) async throws -> TimeInterval? {
        var longest: TimeInterval?
        for (key, rule) in Self.keys(email: email, address: address) {
            let state = try await SignInThrottleModel.query(on: database).filter(\.$key == key).first()?.state
            if let wait = rule.wait(state, now: now) { longest = max(longest ?? 0, wait) }
        }
        return longest
    }

    func recordFailure(email: String, address: String) async throws {
        for (key, rule) in Self.keys(email: email, address: address) {
            let model = try await SignInThrottleModel.query(on: database).filter(\.$key == key).first()
                ?? SignInThrottleModel(key: key)
            model.state = rule.failing(model.failures == 0 ? nil : model.state, now: now)
            try await model.save(on: database)
        }
    }

    /// A successful sign-in clears the account's count (not the address's: others may share it).
    func recordSuccess(email: String) async throws {
        try await SignInThrottleModel.query(on: database).filter(\.$key == "email:" + email.lowercased()).delete()
    }
}
