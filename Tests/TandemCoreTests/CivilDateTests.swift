import Testing
@testable import TandemCore

@Suite struct CivilDateTests {
    @Test(arguments: ["2012-06-11", "2020-02-29", "1999-12-31"])
    func readsRealDays(text: String) {
        #expect(CivilDate(iso: text)?.description == text)
    }

    @Test(arguments: ["2019-02-29", "2013-13-01", "2013-04-31", "2013/01/01", "13-01-01", "", "2013-1-1", "soon"])
    func rejectsAnythingElse(text: String) {
        #expect(CivilDate(iso: text) == nil)
    }

    @Test func ordersByDay() {
        #expect(CivilDate(iso: "2014-12-31")! < CivilDate(iso: "2015-01-01")!)
        #expect(!(CivilDate(iso: "2015-01-01")! < CivilDate(iso: "2015-01-01")!))
    }
}
