import Crypto
import Fluent
import Foundation
import TandemCore
import Vapor

/// Time-based one-time codes (Vapor's TOTP: SHA-1, six digits, 30 seconds, as every authenticator app
/// expects) and one-time recovery codes.
enum TwoFactor {
    static let issuer = "Tandem"

    /// 160 random bits, the size RFC 4226 recommends, written in base 32.
    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base32.encode((0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    static func step(_ date: Date) -> Int64 {
        Int64(floor(date.timeIntervalSince1970 / 30))
    }

    /// The step whose code `typed` is, within the allowed drift and later than `after`; nil when none.
    static func matchingStep(_ typed: String, secret: String, now: Date, after lastStep: Int64?) -> Int64? {
        guard TwoFactorRules.isAuthenticatorCode(typed), let key = Base32.decode(secret) else { return nil }
        let code = TwoFactorRules.normalised(typed)
        let totp = TOTP(key: SymmetricKey(data: key), digest: .sha1, digits: .six, interval: 30)
        let current = step(now)
        for candidate in (current - Int64(TwoFactorRules.allowedDrift))...(current + Int64(TwoFactorRules.allowedDrift)) {
            guard candidate > (lastStep ?? .min) else { continue }
            if totp.generate(time: Date(timeIntervalSince1970: TimeInterval(candidate * 30))) == code { return candidate }
        }
        return nil
    }

    /// Administrators and programme officers must use it; development's demo accounts are spared so a
    /// newcomer can try every role at once (they never exist in production).
    static func mustEnrol(_ user: UserModel, config: AppConfig) -> Bool {
        guard TwoFactorRules.isRequired(for: Role(rawValue: user.role)) else { return false }
        return !(config.deployment == .development && DemoAccounts.isDemo(user.email))
    }

    /// Replaces the account's recovery codes with new ones, returned once for the person to keep.
    static func issueRecoveryCodes(for user: UserModel, on db: any Database) async throws -> [String] {
        var generator = SystemRandomNumberGenerator()
        let codes = (0..<TwoFactorRules.recoveryCodeCount).map { _ in
            TwoFactorRules.recoveryCode { Int.random(in: 0..<Int.max, using: &generator) }
        }
        try await RecoveryCodeModel.query(on: db).filter(\.$user.$id == user.requireID()).delete()
        for code in codes {
            try await RecoveryCodeModel(userID: try user.requireID(), codeHash: SecretToken.hash(TwoFactorRules.normalised(code)))
                .create(on: db)
        }
        return codes
    }

    /// Spends a recovery code if `typed` is one of the account's unused codes.
    static func useRecoveryCode(_ typed: String, for user: UserModel, on db: any Database, now: Date) async throws -> Bool {
        guard let code = try await RecoveryCodeModel.query(on: db).filter(\.$user.$id == user.requireID())
            .filter(\.$codeHash == SecretToken.hash(TwoFactorRules.normalised(typed))).filter(\.$usedAt == nil).first() else {
            return false
        }
        code.usedAt = now
        try await code.save(on: db)
        return true
    }

    static func unusedRecoveryCodes(for user: UserModel, on db: any Database) async throws -> Int {
        try await RecoveryCodeModel.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$usedAt == nil).count()
    }
}
