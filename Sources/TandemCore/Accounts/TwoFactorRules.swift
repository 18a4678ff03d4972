/// Two-factor sign-in with time-based one-time codes (RFC 6238): who must use it, how a typed code is
/// read, and what one-time recovery codes look like.
public enum TwoFactorRules {
    /// Administrators and programme officers hold every state's records, so a password alone is not enough.
    public static func isRequired(for role: Role?) -> Bool {
        role == .admin || role == .secretariat
    }

    /// Codes from the previous and next 30-second step are accepted too, for clocks that drift a little.
    public static let allowedDrift = 1

    public static let recoveryCodeCount = 10

    /// What someone typed, reduced to what a code can contain: "123 456" and "123-456" are "123456".
    public static func normalised(_ typed: String) -> String {
        String(typed.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// Whether the typed text is shaped like an authenticator code (six digits) rather than a recovery code.
    public static func isAuthenticatorCode(_ typed: String) -> Bool {
        let code = normalised(typed)
        return code.count == 6 && code.allSatisfy(\.isNumber)
    }

    /// A recovery code as shown to people: ten characters from an alphabet without look-alikes, in two
    /// groups of five (`k7m2p-x9q4r`). `random` gives indexes into the alphabet.
    public static func recoveryCode(_ random: () -> Int) -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        let characters = (0..<10).map { _ in alphabet[random() % alphabet.count] }
        return String(characters[0..<5]) + "-" + String(characters[5..<10])
    }

    /// The address an authenticator app reads from the QR code (Key Uri Format). SHA-1, six digits and 30
    /// seconds are every app's defaults, so they are left out to keep the code small and easy to scan.
    public static func provisioningURI(secret: String, account: String, issuer: String) -> String {
        func escape(_ text: String) -> String {
            text.unicodeScalars.map { scalar -> String in
                let safe = (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                    || "-._~@".unicodeScalars.contains(scalar)
                let hex = Array("0123456789ABCDEF")
                return safe ? String(scalar) : String(scalar).utf8.map { "%" + String(hex[Int($0 >> 4)]) + String(hex[Int($0 & 15)]) }.joined()
            }.joined()
        }
        return "otpauth://totp/\(escape(issuer)):\(escape(account))?secret=\(secret)&issuer=\(escape(issuer))"
    }
}
