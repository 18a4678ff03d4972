/// What makes a password acceptable: long enough, and not one that attackers try first.
public struct PasswordPolicy: Sendable {
    public enum Problem: Equatable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximum: Int)
        case common
        case containsEmail
    }

    public let minimumLength: Int
    /// bcrypt reads at most 72 bytes; a longer password would be silently cut.
    public let maximumBytes = 72
    private let common: Set<String>

    public init(minimumLength: Int = 12, commonPasswords: [String]) {
        self.minimumLength = minimumLength
        self.common = Set(commonPasswords.map { $0.lowercased() })
    }

    /// Every problem with `password`, none when it is acceptable.
    public func problems(_ password: String, email: String = "") -> [Problem] {
        var problems: [Problem] = []
        if password.count < minimumLength { problems.append(.tooShort(minimum: minimumLength)) }
        if password.utf8.count > maximumBytes { problems.append(.tooLong(maximum: maximumBytes)) }
        let lowered = password.lowercased()
        if common.contains(lowered) || isRepetitive(lowered) { problems.append(.common) }
        let local = email.lowercased().split(separator: "@").first.map(String.init) ?? ""
        if local.count >= 4, lowered.contains(local) { problems.append(.containsEmail) }
        return problems
    }

    /// One character or a short pattern repeated ("aaaaaaaaaaaa", "abcabcabcabc").
    private func isRepetitive(_ password: String) -> Bool {
        let characters = Array(password)
        guard !characters.isEmpty else { return false }
        for period in 1...min(4, characters.count) where characters.count % period == 0 {
            if characters.indices.allSatisfy({ characters[$0] == characters[$0 % period] }) { return true }
        }
        return false
    }
}
