import Testing
@testable import TandemCore

@Suite struct RecordQueryTests {
    @Test func theAddressIsReadLenientlyAndWrittenBackInAStableOrder() {
        let query = RecordQuery(items: [("q", "  formation douane "), ("kind", "opportunities"), ("f.area", "inspections"), ("f.area", "transfers_control"),
                                        ("x.status", "met"), ("sort", "newest"), ("page", "-4"), ("f.bad field", "x"), ("f.", "y"), ("kind", "nothing")])
        #expect(query.text == "formation douane" && query.kinds == [.opportunity] && query.order == .newest && query.page == 1)
        #expect(query.included == ["area": ["inspections", "transfers_control"]] && query.excluded == ["status": ["met"]])
        #expect(query.items.map { "\($0.name)=\($0.value)" } == ["q=formation douane", "kind=opportunities", "f.area=inspections",
                                                                 "f.area=transfers_control", "x.status=met", "sort=newest"])
        #expect(RecordQuery(items: query.items) == query)
        #expect(RecordQuery(items: [("q", String(repeating: "é", count: 500))]).text.count == RecordQuery.textLimit)
    }

    @Test func keepingAndLeavingOutAValueToggleAndReturnToTheFirstPage() {
        var query = RecordQuery(page: 3)
        query = query.toggling("area", "inspections")
        #expect(query.included == ["area": ["inspections"]] && query.page == 1)
        query = query.excluding("area", "inspections")
        #expect(query.included.isEmpty && query.excluded == ["area": ["inspections"]])
        #expect(query.excluding("area", "inspections").excluded.isEmpty)
    }
}
