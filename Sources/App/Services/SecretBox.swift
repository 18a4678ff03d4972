import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Seals the small secrets Tandem must be able to read back (the keys of authenticator apps) with AES-GCM,
/// so that a copy of the database alone does not let anyone make a person's sign-in codes.
final class SecretBox: Sendable {
    /// Marks a sealed value; a value without it was stored before sealing began.
    static let prefix = "v1:"

    private let source: @Sendable () throws -> Data
    private let loaded = NIOLockedValueBox<SymmetricKey?>(nil)

    /// `source` is read on first use, so commands that never touch a secret never make a key file.
    init(source: @escaping @Sendable () throws -> Data) {
        self.source = source
    }

    convenience init(key: Data) {
        self.init(source: { key })
    }

    private func key() throws -> SymmetricKey {
        try loaded.withLockedValue { cached in
            if let cached { return cached }
            let key = SymmetricKey(data: try source())
            cached = key
            return key
        }
    }

    func seal(_ text: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(text.utf8), using: try key()).combined else {
            throw Abort(.internalServerError, reason: "AES-GCM gave no combined box")
        }
        return Self.prefix + combined.base64EncodedString()
    }

    /// The secret, or nil when it was sealed under another key or changed since.
    func open(_ stored: String) -> String? {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
              let box = try? AES.GCM.SealedBox(combined: data), let key = try? key(),
              let plain = try? AES.GCM.open(box, using: key) else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }

    /// A signature of `text` for a link that acts without signing in (a record confirmed as still valid from its
    /// email): only Tandem can make one, and it reads as an address's last segment.
    func signature(_ text: String) throws -> String {
        let linkKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: try key(), info: Data("tandem signed links".utf8), outputByteCount: 32)
        let code = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: linkKey)
        return Data(code).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `signature` is `text`'s, compared in constant time.
    func verify(_ text: String, signature: String) -> Bool {
        guard let expected = try? self.signature(text), expected.utf8.count == signature.utf8.count else { return false }
        return zip(expected.utf8, signature.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Development's key, kept in a file readable by its owner only and made the first time a secret is sealed.
    static func developmentKey(at path: String) throws -> Data {
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
           let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32 {
            return key
        }
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        // Written whole under another name first, so a process starting alongside never reads half a key.
        let draft = path + ".\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: draft, contents: Data(key.base64EncodedString().utf8),
                                             attributes: [.posixPermissions: 0o600]),
              rename(draft, path) == 0 else {
            throw Abort(.internalServerError, reason: "cannot write the development secrets key to \(path)")
        }
        return key
    }
}

extension Application {
    private struct SecretBoxKey: StorageKey {
        typealias Value = SecretBox
    }

    var secretBox: SecretBox {
        get {
            guard let box = storage[SecretBoxKey.self] else { fatalError("configure(_:) sets the secret box before serving") }
            return box
        }
        set { storage[SecretBoxKey.self] = newValue }
    }
}
