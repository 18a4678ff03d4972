/// How a deadline stands on a given day. Pages say it in words ("overdue by 3 days"), never by colour alone, and
/// lists put the most pressing first.
public enum DueState: Equatable, Sendable {
    case overdue(days: Int)
    case today
    /// Due within `DueState.soonWithin` days.
    case soon(days: Int)
    case later(days: Int)

    /// Two weeks: time enough to write a report or gather a visit's dates, short enough to be the next thing to do.
    public static let soonWithin = 14

    public init(due: CivilDate, today: CivilDate) {
        let days = today.days(to: due)
        self = days < 0 ? .overdue(days: -days) : days == 0 ? .today : days <= Self.soonWithin ? .soon(days: days) : .later(days: days)
    }

    public var isOverdue: Bool {
        if case .overdue = self { true } else { false }
    }

    /// Whether it should catch the eye: overdue, due today or soon.
    public var isPressing: Bool {
        if case .later = self { false } else { true }
    }

    /// Undated things last, each group in the order given: the order of a person's list of what to do.
    public static func mostPressingFirst<Item>(_ items: [Item], due: (Item) -> CivilDate?) -> [Item] {
        items.enumerated().sorted { a, b in
            switch (due(a.element), due(b.element)) {
            case let (x?, y?) where x != y: x < y
            case (nil, _?): false
            case (_?, nil): true
            default: a.offset < b.offset
            }
        }.map(\.element)
    }
}
