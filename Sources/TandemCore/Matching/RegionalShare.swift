/// The rule that at least `percent` of a proposal's pairs join two states of the same regional group.
public struct RegionalShare: Equatable, Sendable {
    /// 1 to 100.
    public let percent: Int

    public init(percent: Int) {
        self.percent = percent
    }

    public func holds(regional: Int, pairs: Int) -> Bool { 100 * regional >= percent * pairs }

    /// How many of so many pairs must be regional.
    public func regionalNeeded(pairs: Int) -> Int { (percent * pairs + 99) / 100 }
}
