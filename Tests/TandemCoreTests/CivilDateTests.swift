import Foundation
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

    /// The day of a moment is the day Foundation's Gregorian calendar gives in UTC: at each side of midnight,
    /// across leap days and century years, and at moments spread over the whole range of years kept.
    @Test func theDayOfAMomentIsTheCalendarsDayInUTC() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 1900, month: 1, day: 1))!.timeIntervalSince1970
        let end = calendar.date(from: DateComponents(year: 2999, month: 12, day: 31))!.timeIntervalSince1970
        var generator = SystemRandomNumberGenerator()
        let boundaries = ["1900-03-01", "1970-01-01", "2000-02-29", "2000-03-01", "2100-02-28", "2100-03-01", "2024-12-31"].flatMap { day in
            let midnight = calendar.date(from: DateComponents(year: Int(day.prefix(4))!, month: Int(day.dropFirst(5).prefix(2))!,
                                                              day: Int(day.suffix(2))!))!.timeIntervalSince1970
            return [midnight - 0.001, midnight, midnight + 86_399.999]
        }
        let moments = boundaries + (0..<20_000).map { _ in Double.random(in: start...(end + 86_399), using: &generator) }
        for seconds in moments {
            let moment = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day], from: moment)
            let day = CivilDate(utc: moment)
            #expect([day.year, day.month, day.day] == [parts.year, parts.month, parts.day], "\(moment)")
            #expect(day.midnightUTC == calendar.startOfDay(for: moment), "\(moment)")
        }
    }
}
