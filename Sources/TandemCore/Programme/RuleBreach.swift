/// A programme rule that a plan breaks, with the figures that show how: what the plan does and what the
/// call allows. `rule` names the locale key of the sentence (`rule_<rule>`); `values` fill it in.
public struct RuleBreach: Equatable, Codable, Sendable {
    public enum Severity: String, Codable, Sendable {
        /// The plan cannot be confirmed unless the Secretariat overrides the rule, with a reason.
        case breach
        /// The plan keeps the rules but is close to a limit: worth knowing before confirming.
        case warning
    }

    public let rule: String
    public let values: [String: String]
    public let severity: Severity
    /// The form field the breach belongs to, so it is shown next to it.
    public let field: String

    public init(_ rule: String, field: String, severity: Severity = .breach, _ values: [String: String] = [:]) {
        self.rule = rule
        self.field = field
        self.severity = severity
        self.values = values
    }

    public var isBreach: Bool { severity == .breach }
}
