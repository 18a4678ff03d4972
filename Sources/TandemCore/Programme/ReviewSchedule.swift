/// When the Secretariat reviews applications: the end of March, June, September and December.
public enum ReviewSchedule {
    /// Every quarter's end from `opening` to `closing`, both included.
    public static func quarterEnds(from opening: CivilDate, to closing: CivilDate) -> [CivilDate] {
        guard opening <= closing else { return [] }
        var dates: [CivilDate] = []
        var year = opening.year
        while year <= closing.year {
            for month in [3, 6, 9, 12] {
                let end = CivilDate(year: year, month: month, day: 1)!.endOfMonth
                if opening <= end && end <= closing { dates.append(end) }
            }
            year += 1
        }
        return dates
    }

    /// The review an application submitted on `day` waits for: the first review date on or after it.
    public static func review(for day: CivilDate, among dates: [CivilDate]) -> CivilDate? {
        dates.sorted().first { day <= $0 }
    }
}
