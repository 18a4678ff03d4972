import Fluent

/// Seals the two-factor secrets stored in plain text before `SecretBox` existed.
struct SealTwoFactorSecrets: AsyncMigration {
    let box: SecretBox

    /// Reads and writes only the columns it seals: a migration runs against the table as it was then, not as the
    /// model has it now (later migrations add columns).
    func prepare(on database: any Database) async throws {
        let users = try await UserModel.query(on: database).field(\.$id).field(\.$totpSecret).field(\.$totpPendingSecret).all()
        for user in users {
            let plain = [user.totpSecret, user.totpPendingSecret].compactMap { $0 }.filter { !$0.hasPrefix(SecretBox.prefix) }
            guard !plain.isEmpty else { continue }
            let secret = try user.totpSecret.map { $0.hasPrefix(SecretBox.prefix) ? $0 : try box.seal($0) }
            let pending = try user.totpPendingSecret.map { $0.hasPrefix(SecretBox.prefix) ? $0 : try box.seal($0) }
            try await UserModel.query(on: database).filter(\.$id == user.requireID())
                .set(\.$totpSecret, to: secret).set(\.$totpPendingSecret, to: pending).update()
        }
    }

    /// Sealed secrets stay sealed: the key opens them, and plain text is not written back.
    func revert(on database: any Database) async throws {}
}
