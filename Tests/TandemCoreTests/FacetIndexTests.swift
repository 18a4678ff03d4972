import Testing
@testable import TandemCore

@Suite struct FacetIndexTests {
    func entry(_ kind: RecordKind, _ codes: [String: Set<String>], visibility: RecordVisibility = .public, on day: String = "2026-01-01",
               title: String = "") -> FacetIndex.Entry {
        FacetIndex.Entry(kind: kind, visibility: visibility, codes: codes, publishedOn: day, titleKey: title)
    }

    func counts(_ results: FacetIndex.Results, _ field: String) -> [String] {
        (results.facets[field] ?? []).map { "\($0.code):\($0.count)" }
    }

    @Test func bitsetsIntersectCountAndListTheirMembers() {
        let one = Bitset([1, 64, 130, 5])
        let other = Bitset([5, 130, 200])
        #expect(one.members == [1, 5, 64, 130] && one.count == 4)
        #expect(one.intersection(other).members == [5, 130] && one.countShared(with: other) == 2)
        #expect(one.union(other).members == [1, 5, 64, 130, 200] && one.subtracting(other).members == [1, 64])
        var changed = one
        changed.remove(64)
        changed.remove(10_000)
        #expect(!changed.contains(64) && changed.contains(130) && !changed.contains(10_000) && Bitset().isEmpty)
        // Read from the list the database gives.
        #expect(Bitset(listed: "130,1,64,5") == one && Bitset(listed: "").isEmpty && Bitset(listed: "7").members == [7])
    }

    @Test func facetsCountWhatEachValueWouldGiveSoEveryValueStaysReachable() {
        var index = FacetIndex()
        index.set(1, entry(.opportunity, ["areas": ["inspections"], "languages": ["en", "fr"]]))
        index.set(2, entry(.opportunity, ["areas": ["inspections", "transfers_control"], "languages": ["es"]]))
        index.set(3, entry(.project, ["areas": ["transfers_control"], "languages": ["en"]]))
        index.set(4, entry(.need, ["areas": ["national_authority"], "needStatus": ["met"]]))
        index.prepare()
        var query = RecordQuery(included: ["areas": ["inspections"]], excluded: ["needStatus": ["met"]])
        let results = index.search(query, visibleTo: [.public], words: nil, facets: ["kind", "areas", "languages"], pageSize: 10)
        #expect(Set(results.page) == [1, 2] && results.total == 2)
        // Choosing an area leaves the other areas countable: their counts are what choosing them too would add.
        #expect(counts(results, "areas") == ["inspections:2", "transfers_control:2"])
        #expect(counts(results, "languages") == ["en:1", "es:1", "fr:1"])
        #expect(counts(results, "kind") == ["opportunity:2"])
        query.kinds = [.project]
        let projects = index.search(query, visibleTo: [.public], words: nil, facets: ["kind"], pageSize: 10)
        #expect(projects.total == 0 && counts(projects, "kind") == ["opportunity:2"])
    }

    @Test func recordsAreShownAsTheirVisibilityAllowsAndMoveOrLeaveWhenChanged() {
        var index = FacetIndex()
        index.set(1, entry(.opportunity, ["areas": ["inspections"]]))
        index.set(2, entry(.opportunity, ["areas": ["inspections"]], visibility: .members))
        index.set(3, entry(.opportunity, ["areas": ["inspections"]], visibility: .secretariat))
        let all = RecordQuery()
        #expect(index.search(all, visibleTo: [.public], words: nil, facets: [], pageSize: 10).total == 1)
        #expect(index.search(all, visibleTo: [.public, .members], words: nil, facets: [], pageSize: 10).total == 2)
        index.set(1, entry(.opportunity, ["areas": ["transfers_control"]]))
        index.set(2, nil)
        let now = index.search(RecordQuery(included: ["areas": ["inspections"]]), visibleTo: Set(RecordVisibility.allCases), words: nil,
                               facets: ["areas"], pageSize: 10)
        #expect(now.page == [3] && counts(now, "areas") == ["inspections:1", "transfers_control:1"] && index.count == 2)
        #expect(index.slots.members == [1, 3])
    }

    @Test func theBestMatchHasMoreWordsInItsTitleThenIsNewestAndOtherOrdersAreByDateOrTitleAcrossPages() {
        var index = FacetIndex()
        for (slot, day, title) in [(1, "2026-03-01", "b"), (2, "2026-05-01", "a"), (3, "2026-04-01", "c"), (4, "2026-02-01", "d")] {
            index.set(slot, entry(.project, [:], on: day, title: title))
        }
        index.prepare()
        let everyone: Set<RecordVisibility> = [.public]
        // Slot 9 is not published; slot 4 has both words in its title, slot 1 one of them, slot 3 none.
        let words = WordMatches(slots: Bitset([4, 9, 1, 3]), inTitle: [Bitset([4, 1, 9]), Bitset([4])])
        #expect(index.search(RecordQuery(), visibleTo: everyone, words: words, facets: [], pageSize: 10).page == [4, 1, 3])
        let noneInTitles = WordMatches(slots: Bitset([4, 1, 3]), inTitle: [Bitset()])
        #expect(index.search(RecordQuery(), visibleTo: everyone, words: noneInTitles, facets: [], pageSize: 2).page == [3, 1])
        #expect(index.search(RecordQuery(order: .newest), visibleTo: everyone, words: nil, facets: [], pageSize: 10).page == [2, 3, 1, 4])
        #expect(index.search(RecordQuery(order: .title, page: 2), visibleTo: everyone, words: nil, facets: [], pageSize: 3).page == [4])
        // Changed and not yet prepared, the orders still hold.
        index.set(5, entry(.project, [:], on: "2026-06-01", title: "0"))
        #expect(index.search(RecordQuery(order: .newest), visibleTo: everyone, words: nil, facets: [], pageSize: 2).page == [5, 2])
        #expect(index.search(RecordQuery(order: .title), visibleTo: everyone, words: nil, facets: [], pageSize: 2).page == [5, 2])
    }
}
