/// A step in reminding someone of a due date: some days before it, or some days after it has passed.
public enum ReminderStep: Hashable, Codable, Sendable, CustomStringConvertible {
    case before(days: Int)
    case overdue(days: Int)

    /// Stable, for the record of what was sent: `before-14`, `overdue-1`.
    public var description: String {
        switch self {
        case .before(let days): "before-\(days)"
        case .overdue(let days): "overdue-\(days)"
        }
    }

    public var isOverdue: Bool {
        if case .overdue = self { return true }
        return false
    }
}

/// When Tandem reminds the people who owe something, and when it tells the Secretariat it is late.
public struct ReminderPolicy: Equatable, Sendable {
    /// Days before a due date on which the people concerned are reminded.
    public var daysBefore: [Int]
    /// Days after a due date on which the people concerned and the Secretariat are told it is overdue.
    public var daysOverdue: [Int]

    public init(daysBefore: [Int], daysOverdue: [Int]) {
        self.daysBefore = daysBefore
        self.daysOverdue = daysOverdue
    }

    public static let standard = ReminderPolicy(daysBefore: [14, 3], daysOverdue: [1, 30])

    /// The step that applies on `today` for something due on `due`: the latest one whose day has come. An
    /// earlier step that was never sent (the server was down that day) is not sent late: the latest says
    /// more. Nil before the first step, and on the due day itself.
    public func step(due: CivilDate, today: CivilDate) -> ReminderStep? {
        let late = due.days(to: today)
        if late > 0 {
            return daysOverdue.filter { $0 <= late }.max().map { .overdue(days: $0) }
        }
        let ahead = -late
        return daysBefore.filter { $0 >= ahead && ahead > 0 }.min().map { .before(days: $0) }
    }
}
