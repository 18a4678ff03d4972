import Foundation

/// A calendar day without a time or a time zone: the day a visit starts or ends.
/// Stored and exchanged as ISO 8601 `YYYY-MM-DD`, which also sorts correctly as text.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day),
              (1900...2999).contains(year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`; anything else, or a day that does not exist, is nil.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The day a moment falls on in UTC, the calendar Tandem keeps its records in.
    public init(utc moment: Date) {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: moment)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The same day `months` later (or earlier), on the month's last day when it has no such day:
    /// 31 January plus one month is 28 or 29 February.
    public func adding(months: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (index / 12, index % 12 + 1)
        return CivilDate(year: newYear, month: newMonth, day: min(day, Self.daysIn(month: newMonth, year: newYear)))!
    }

    public func adding(years: Int) -> CivilDate {
        adding(months: 12 * years)
    }

    /// The last day of this day's month.
    public var endOfMonth: CivilDate {
        CivilDate(year: year, month: month, day: Self.daysIn(month: month, year: year))!
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
