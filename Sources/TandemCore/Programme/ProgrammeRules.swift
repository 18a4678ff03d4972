/// The programme's parameters, kept as data so a new call can change them without touching the rules.
public struct ProgrammeRules: Equatable, Sendable {
    /// How many exchange visits the programme funds in one year.
    public var annualVisitCap: Int

    public init(annualVisitCap: Int) {
        self.annualVisitCap = annualVisitCap
    }

    /// The rules of the 2025-2027 call.
    public static let current = ProgrammeRules(annualVisitCap: 8)
}
