import Fluent
import SQLKit
import TandemCore
import Vapor

/// Applies `ThrottleRule` to sign-in attempts, by account and by network address, in the database so that
/// every server instance counts the same failures. An attempt is admitted before its password is checked and
/// its outcome recorded after, each a guarded write on the key's row (tried again when another attempt wrote
/// first): fifteen wrong passwords sent at once check five and lock the account, while right ones sent together
/// wait a moment for each other and all get in.
struct SignInThrottle {
    let database: any Database
    let now: Date
    /// How long an attempt waits for others being checked before it is answered "try again shortly".
    var patience: Duration = .seconds(5)

    static func keys(email: String, address: String) -> [(key: String, rule: ThrottleRule)] {
        [("email:" + email.lowercased(), .account), ("address:" + address, .address)]
    }

    /// Admits one attempt on each key; returns the seconds to wait instead when a key is locked (or busy past
    /// `patience`).
    func claim(email: String, address: String) async throws -> TimeInterval? {
        let clock = ContinuousClock(), deadline = clock.now.advanced(by: patience)
        var admitted: [(key: String, rule: ThrottleRule)] = []
        for (key, rule) in Self.keys(email: email, address: address) {
            while true {
                var admission = ThrottleRule.Admission.wait
                try await change(key) { state in
                    admission = rule.admitting(state, now: now)
                    if case .check(let next) = admission { return next }
                    return nil
                }
                if case .check = admission { break }
                var wait: TimeInterval = 1
                if case .locked(let lock) = admission { wait = lock } else if clock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                    continue
                }
                // Not checked after all: the keys already admitted get their attempt back.
                for (key, rule) in admitted { try await change(key) { rule.succeeded($0, now: now) } }
                return wait
            }
            admitted.append((key, rule))
        }
        return nil
    }

    /// A wrong password or code: one failure on each key.
    func recordFailure(email: String, address: String) async throws {
        for (key, rule) in Self.keys(email: email, address: address) {
            try await change(key) { rule.failed($0, now: now) }
        }
    }

    /// A right password or code: the account's count is cleared, and the address's attempt is no longer pending.
    func recordSuccess(email: String, address: String) async throws {
        try await SignInThrottleModel.query(on: database).filter(\.$key == "email:" + email.lowercased()).delete()
        let (key, rule) = Self.keys(email: email, address: address)[1]
        try await change(key) { rule.succeeded($0, now: now) }
    }

    /// Moves one key's row from the state read to the state `next` gives (nil: leave it), only if nobody moved it
    /// meanwhile; reads again and decides again otherwise.
    private func change(_ key: String, _ next: (ThrottleRule.State?) -> ThrottleRule.State?) async throws {
        let sql = database as! any SQLDatabase
        for _ in 0..<50 {
            let row = try await SignInThrottleModel.query(on: database).filter(\.$key == key).first()
            guard let state = next(row?.state) else { return }
            guard let row else {
                let inserted = try await sql.insert(into: SignInThrottleModel.schema)
                    .columns("id", "key", "failures", "window_start", "locked_until", "pending", "pending_since", "version")
                    .values(SQLBind(UUID()), SQLBind(key), SQLBind(state.failures), SQLBind(state.windowStart),
                            SQLBind(state.lockedUntil), SQLBind(state.pending), SQLBind(state.pendingSince), SQLBind(0))
                    .ignoringConflicts(with: "key").returning("id").all()
                if !inserted.isEmpty { return }
                continue
            }
            let updated = try await sql.update(SignInThrottleModel.schema)
                .set("failures", to: SQLBind(state.failures)).set("window_start", to: SQLBind(state.windowStart))
                .set("locked_until", to: SQLBind(state.lockedUntil))
                .set("pending", to: SQLBind(state.pending)).set("pending_since", to: SQLBind(state.pendingSince))
                .set(SQLIdentifier("version"), to: SQLBinaryExpression(SQLIdentifier("version"), .add, SQLLiteral.numeric("1")))
                .where("id", .equal, SQLBind(try row.requireID())).where("version", .equal, SQLBind(row.version))
                .returning("id").all()
            if !updated.isEmpty { return }
        }
        // So many attempts at once on one key that none could be written: refused rather than let through.
        throw Abort(.tooManyRequests)
    }
}
