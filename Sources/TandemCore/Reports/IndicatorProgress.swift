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
        return Double(digits)
    }

    /// Whether the target is reached: for numbers, the actual value has gone as far as the target in the
    /// direction from the baseline (a target below the baseline is reached by going down to it); otherwise
    /// as the reporters judged it. Nil when nothing says.
    public static func isMet(baseline: String, target: String, actual: String, achieved: Bool?) -> Bool? {
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
