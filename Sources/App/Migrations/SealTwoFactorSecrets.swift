import Fluent

/// Seals the two-factor secrets stored in plain text before `SecretBox` existed.
struct SealTwoFactorSecrets: AsyncMigration {
    let box: SecretBox

    func prepare(on database: any Database) async throws {
        for user in try await UserModel.query(on: database).all() {
            let plain = [user.totpSecret, user.totpPendingSecret].compactMap { $0 }.filter { !$0.hasPrefix(SecretBox.prefix) }
            guard !plain.isEmpty else { continue }
            user.totpSecret = try user.totpSecret.map { $0.hasPrefix(SecretBox.prefix) ? $0 : try box.seal($0) }
            user.totpPendingSecret = try user.totpPendingSecret.map { $0.hasPrefix(SecretBox.prefix) ? $0 : try box.seal($0) }
            try await user.save(on: database)
        }
    }

    /// Sealed secrets stay sealed: the key opens them, and plain text is not written back.
    func revert(on database: any Database) async throws {}
}
