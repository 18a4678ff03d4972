import Foundation
import TandemCore
import Vapor

extension Application {
    private struct PasswordPolicyKey: StorageKey {
        typealias Value = PasswordPolicy
    }

    private struct DecoyHashKey: StorageKey {
        typealias Value = String
    }

    /// Set in `configure` from `Resources/Data/common-passwords.txt`.
    var passwordPolicy: PasswordPolicy {
        get { storage[PasswordPolicyKey.self] ?? PasswordPolicy(commonPasswords: []) }
        set { storage[PasswordPolicyKey.self] = newValue }
    }

    /// A bcrypt hash of a random secret, checked when someone signs in with an unknown email so that the
    /// answer takes as long as for a known one.
    var decoyPasswordHash: String {
        get { storage[DecoyHashKey.self] ?? "" }
        set { storage[DecoyHashKey.self] = newValue }
    }

    func configureAccounts() throws {
        let path = dataDirectory + "common-passwords.txt"
        guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
            throw Abort(.internalServerError, reason: "missing data file \(path)")
        }
        let common = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        passwordPolicy = PasswordPolicy(commonPasswords: common)
        decoyPasswordHash = try password.hash(SecretToken.make())
    }
}
