/// What the full-text index found for a search's words, as sets of slots: every record that has all the wanted words
/// (and none of the unwanted), and for each wanted word the records whose title has it. Read from the index unranked,
/// which is cheap however many records match; the order is then made in memory (`ranked`).
public struct WordMatches: Equatable, Sendable {
    public var slots: Bitset
    /// One set per wanted word: the slots whose title has that word.
    public var inTitle: [Bitset]

    public init(slots: Bitset, inTitle: [Bitset] = []) {
        self.slots = slots
        self.inTitle = inTitle
    }

    /// The best match first: the records with more of the words in their title before the others, and among those
    /// with as many, the order given (newest first). Only the slots of `kept` are ranked.
    public func ranked(_ order: [Int], kept: Bitset) -> [Int] {
        var tiers = Array(repeating: [Int](), count: inTitle.count + 1)
        for slot in order where kept.contains(slot) {
            let inTheTitle = inTitle.reduce(0) { $0 + ($1.contains(slot) ? 1 : 0) }
            tiers[inTitle.count - inTheTitle].append(slot)
        }
        return Array(tiers.joined())
    }

    /// The memory the sets take, in bytes: what a cache of answers counts.
    public var weight: Int { (slots.words.count + inTitle.reduce(0) { $0 + $1.words.count }) * 8 }
}
