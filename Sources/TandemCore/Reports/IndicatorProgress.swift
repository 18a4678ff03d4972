import Foundation

/// How far an indicator has come: from its baseline towards its target, by the values reported over time.
public enum IndicatorProgress {
    /// The number an indicator's text starts with ("12", "12.5", "75%", "3 officials"), or nil.
    public static func number(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = ""
        for character in trimmed {
            if character.isASCII, character.isNumber || (character == "." && !digits.contains(".")) || (character == "-" && digits.isEmpty) {
                digits.append(character)
            } else if character == "," && !digits.isEmpty && !digits.contains(".") {
                digits.append(".")
            } else {
                break
            }
        }
        guard let value = Double(digits), value.isFinite, abs(value) <= largest else { return nil }
        return value
    }

    /// The largest figure an indicator may hold (a trillion): past it a typed number is refused by the checks,
    /// and one stored before is not drawn, so no chart or sum meets a value it cannot hold.
    public static let largest = 1e12

    /// Whether `text` starts with a number past `largest`, which the checks refuse with a message by the field.
    public static func isTooLarge(_ text: String) -> Bool {
        let digits = text.trimmingCharacters(in: .whitespaces).prefix { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "," || $0 == "-") }
        guard let value = Double(digits.replacingOccurrences(of: ",", with: "")) else { return false }
        return !value.isFinite || abs(value) > largest
    }

    /// Whether the target is reached: for a qualitative indicator, the reported status has reached the target's;
    /// for numbers, the actual value has gone as far as the target in the
    /// direction from the baseline (a target below the baseline is reached by going down to it); otherwise
    /// as the reporters judged it. Nil when nothing says.
    public static func isMet(baseline: String, target: String, actual: String, achieved: Bool?) -> Bool? {
        if let goal = IndicatorStatus(rawValue: target), let reached = IndicatorStatus(rawValue: actual) {
            return reached >= goal
        }
        if let goal = number(target), let value = number(actual) {
            let start = number(baseline) ?? 0
            return goal >= start ? value >= goal : value <= goal
        }
        return achieved
    }

    /// Of the outcome targets that have a reported value, the share met, 0...1; nil when none has one.
    public static func shareMet(_ results: [Bool?]) -> Double? {
        let known = results.compactMap { $0 }
        return known.isEmpty ? nil : Double(known.filter { $0 }.count) / Double(known.count)
    }
}
