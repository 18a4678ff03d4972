/// A set of small whole numbers as bits: intersecting two sets and counting one are a pass over machine words,
/// which is what lets every facet value be counted on every search.
public struct Bitset: Equatable, Sendable {
    public private(set) var words: [UInt64]

    public init(capacity: Int = 0) {
        words = Array(repeating: 0, count: (capacity + 63) / 64)
    }

    public init<C: Collection>(_ members: C) where C.Element == Int {
        // Sized once for the largest member, rather than grown a word at a time: a search's words can match tens of
        // thousands of records.
        var words = [UInt64](repeating: 0, count: ((members.max() ?? -1) + 64) / 64)
        words.withUnsafeMutableBufferPointer { buffer in
            for member in members where member >= 0 { buffer[member >> 6] |= 1 << UInt64(member & 63) }
        }
        self.words = words
    }

    /// The numbers of a list such as "12,7,3050", read digit by digit (anything else separates them): the database
    /// gives a search's matches so, and splitting the text into strings would cost more than the search.
    public init(listed list: String) {
        self.init()
        var number = 0, digits = 0
        for byte in list.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                number = number &* 10 &+ Int(byte &- UInt8(ascii: "0"))
                digits += 1
            } else if digits > 0 {
                insert(number)
                (number, digits) = (0, 0)
            }
        }
        if digits > 0 { insert(number) }
    }

    public mutating func insert(_ member: Int) {
        let word = member >> 6
        if word >= words.count { words += Array(repeating: 0, count: word - words.count + 1) }
        words[word] |= 1 << UInt64(member & 63)
    }

    public mutating func remove(_ member: Int) {
        let word = member >> 6
        guard word < words.count else { return }
        words[word] &= ~(1 << UInt64(member & 63))
    }

    public func contains(_ member: Int) -> Bool {
        let word = member >> 6
        return word < words.count && words[word] & (1 << UInt64(member & 63)) != 0
    }

    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    public func intersection(_ other: Bitset) -> Bitset {
        var result = Bitset()
        result.words = zip(words, other.words).map { $0 & $1 }
        return result
    }

    public func union(_ other: Bitset) -> Bitset {
        var result = Bitset()
        let length = max(words.count, other.words.count)
        result.words = (0..<length).map { index in
            (index < words.count ? words[index] : 0) | (index < other.words.count ? other.words[index] : 0)
        }
        return result
    }

    public func subtracting(_ other: Bitset) -> Bitset {
        var result = self
        for index in 0..<min(words.count, other.words.count) { result.words[index] &= ~other.words[index] }
        return result
    }

    /// How many members the two sets share, without building their intersection.
    public func countShared(with other: Bitset) -> Int {
        // Counted over the raw words: this runs for every value of every facet on every search.
        words.withUnsafeBufferPointer { mine in
            other.words.withUnsafeBufferPointer { theirs in
                var total = 0
                for index in 0..<min(mine.count, theirs.count) { total &+= (mine[index] & theirs[index]).nonzeroBitCount }
                return total
            }
        }
    }

    /// The members in increasing order.
    public var members: [Int] {
        var result: [Int] = []
        for (index, word) in words.enumerated() where word != 0 {
            var rest = word
            while rest != 0 {
                let bit = rest.trailingZeroBitCount
                result.append(index << 6 | bit)
                rest &= rest - 1
            }
        }
        return result
    }
}

/// The published records of the clearing-house as sets of slots (a slot is a record's number in the search
/// table): one set per kind, per visibility and per coded value. A search is then a few intersections, and a
/// facet's counts are its values' sets counted against the records that pass the other filters. Pure: the caller
/// keeps it current from the search table and asks the database's full-text index for the words.
public struct FacetIndex: Sendable {
    /// What the index holds of one record.
    public struct Entry: Equatable, Sendable {
        public var kind: RecordKind
        public var visibility: RecordVisibility
        public var codes: [String: Set<String>]
        /// For the newest-first order (ISO day, so text order is date order).
        public var publishedOn: String
        /// For the title order: the title folded, in the record's language.
        public var titleKey: String

        public init(kind: RecordKind, visibility: RecordVisibility, codes: [String: Set<String>], publishedOn: String, titleKey: String) {
            self.kind = kind
            self.visibility = visibility
            self.codes = codes
            self.publishedOn = publishedOn
            self.titleKey = titleKey
        }
    }

    public private(set) var entries: [Int: Entry] = [:]
    private var kinds: [RecordKind: Bitset] = [:]
    private var visibilities: [RecordVisibility: Bitset] = [:]
    private var postings: [String: [String: Bitset]] = [:]
    /// Every slot newest first and by title, kept by `prepare()` after a batch of changes so that a search does not
    /// sort a hundred thousand records.
    private var byDate: [Int] = []
    private var byTitle: [Int] = []
    private var prepared = true

    public init() {}

    public mutating func prepare() {
        byDate = entries.keys.sorted { (entries[$0]!.publishedOn, $0) > (entries[$1]!.publishedOn, $1) }
        byTitle = entries.keys.sorted { (entries[$0]!.titleKey, $0) < (entries[$1]!.titleKey, $1) }
        prepared = true
    }

    public var count: Int { entries.count }

    /// Every record held.
    public var slots: Bitset { kinds.values.reduce(Bitset()) { $0.union($1) } }

    /// Puts a published record in its slot, or takes the slot's record out (`nil`: no longer published).
    public mutating func set(_ slot: Int, _ entry: Entry?) {
        if let old = entries[slot] {
            kinds[old.kind]?.remove(slot)
            visibilities[old.visibility]?.remove(slot)
            for (field, codes) in old.codes { for code in codes { postings[field]?[code]?.remove(slot) } }
        }
        entries[slot] = entry
        prepared = false
        guard let entry else { return }
        kinds[entry.kind, default: Bitset()].insert(slot)
        visibilities[entry.visibility, default: Bitset()].insert(slot)
        for (field, codes) in entry.codes { for code in codes { postings[field, default: [:]][code, default: Bitset()].insert(slot) } }
    }

    public struct Results: Equatable, Sendable {
        /// The slots of the page asked for, in order.
        public var page: [Int]
        public var total: Int
        /// Each facet field's values with their counts, most first.
        public var facets: [String: [Count]]
    }

    public struct Count: Equatable, Sendable {
        public var code: String
        public var count: Int
    }

    /// `words`: what the full-text index matched, or nil when nothing was searched for.
    public func search(_ query: RecordQuery, visibleTo visible: Set<RecordVisibility>, words: WordMatches?, facets: [String],
                       pageSize: Int) -> Results {
        var base = visible.reduce(Bitset()) { $0.union(visibilities[$1] ?? Bitset()) }
        if let words { base = base.intersection(words.slots) }
        // Each field's filter on its own, so a facet can be counted without its own filter.
        var filters: [String: Bitset] = [:]
        if !query.kinds.isEmpty { filters["kind"] = query.kinds.reduce(Bitset()) { $0.union(kinds[$1] ?? Bitset()) } }
        for (field, wanted) in query.included {
            filters[field] = wanted.reduce(Bitset()) { $0.union(postings[field]?[$1] ?? Bitset()) }
        }
        var left = base
        for (field, unwanted) in query.excluded {
            for code in unwanted { left = left.subtracting(postings[field]?[code] ?? Bitset()) }
        }
        func passing(except ignored: String?) -> Bitset {
            filters.reduce(left) { result, filter in filter.key == ignored ? result : result.intersection(filter.value) }
        }
        let kept = passing(except: nil)
        var counts: [String: [Count]] = [:]
        for field in facets {
            let others = passing(except: field)
            let values: [(String, Bitset)] = field == "kind"
                ? kinds.map { ($0.key.rawValue, $0.value) }
                : (postings[field] ?? [:]).map { ($0.key, $0.value) }
            counts[field] = values.map { Count(code: $0.0, count: others.countShared(with: $0.1)) }.filter { $0.count > 0 }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }
        }
        var newest: [Int] {
            prepared ? byDate : kept.members.sorted { (entries[$0]?.publishedOn ?? "", $0) > (entries[$1]?.publishedOn ?? "", $1) }
        }
        let ordered: [Int]
        switch (query.order, words) {
        case (.relevance, let words?):
            ordered = words.ranked(newest, kept: kept)
        case (.title, _):
            ordered = prepared ? byTitle.filter(kept.contains)
                : kept.members.sorted { (entries[$0]?.titleKey ?? "", $0) < (entries[$1]?.titleKey ?? "", $1) }
        default:
            ordered = newest.filter(kept.contains)
        }
        let start = min(max(query.page - 1, 0) * pageSize, ordered.count)
        return Results(page: Array(ordered[start..<min(start + pageSize, ordered.count)]), total: ordered.count, facets: counts)
    }
}
