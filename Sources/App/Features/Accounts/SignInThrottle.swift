import Fluent
import SQLKit
import TandemCore
import Vapor

/// Applies `ThrottleRule` to sign-in attempts, by account and by network address, in the database so that
/// every server instance counts the same failures. An attempt is claimed before its password is checked (a
/// guarded write on the key's row, tried again when another attempt wrote first), so fifteen wrong passwords
/// sent at once check five and lock the account, and a right one among the later ten is refused too.
struct SignInThrottle {
    let database: any Database
    let now: Date

    static func keys(email: String, address: String) -> [(key: String, rule: ThrottleRule)] {
        [("email:" + email.lowercased(), .account), ("address:" + address, .address)]
    }

    /// Counts one attempt against each key; returns the seconds to wait instead when a key is locked.
    func claim(email: String, address: String) async throws -> TimeInterval? {
        for (key, rule) in Self.keys(email: email, address: address) {
            if let wait = try await change(key, rule: rule, { rule.claiming($0, now: now) }) { return wait }
        }
        return nil
    }

    /// A right password (or code): the account's count is cleared, and the address gets its attempt back.
    func recordSuccess(email: String, address: String) async throws {
        try await SignInThrottleModel.query(on: database).filter(\.$key == "email:" + email.lowercased()).delete()
        let (key, rule) = Self.keys(email: email, address: address)[1]
        _ = try await change(key, rule: rule, { $0.map { rule.releasing($0, now: now) } })
    }

    /// Moves one key's row from the state read to the state `next` gives, only if nobody moved it meanwhile;
    /// reads again and decides again otherwise. `next` answering nil means the key is locked: the wait is returned.
    private func change(_ key: String, rule: ThrottleRule, _ next: (ThrottleRule.State?) -> ThrottleRule.State?) async throws -> TimeInterval? {
        let sql = database as! any SQLDatabase
        for _ in 0..<50 {
            let row = try await SignInThrottleModel.query(on: database).filter(\.$key == key).first()
            let current = row.flatMap { $0.failures == 0 && $0.lockedUntil == nil ? nil : $0.state }
            guard let state = next(current) else { return rule.wait(current, now: now) ?? rule.lockout }
            guard let row else {
                let inserted = try await sql.insert(into: SignInThrottleModel.schema)
                    .columns("id", "key", "failures", "window_start", "locked_until", "version")
                    .values(SQLBind(UUID()), SQLBind(key), SQLBind(state.failures), SQLBind(state.windowStart),
                            SQLBind(state.lockedUntil), SQLBind(0))
                    .ignoringConflicts(with: "key").returning("id").all()
                if !inserted.isEmpty { return nil }
                continue
            }
            let updated = try await sql.update(SignInThrottleModel.schema)
                .set("failures", to: SQLBind(state.failures)).set("window_start", to: SQLBind(state.windowStart))
                .set("locked_until", to: SQLBind(state.lockedUntil))
                .set(SQLIdentifier("version"), to: SQLBinaryExpression(SQLIdentifier("version"), .add, SQLLiteral.numeric("1")))
                .where("id", .equal, SQLBind(try row.requireID())).where("version", .equal, SQLBind(row.version))
                .returning("id").all()
            if !updated.isEmpty { return nil }
        }
        // So many attempts at once on one key that none could be counted: treated as locked, never let through.
        return rule.lockout
    }
}
