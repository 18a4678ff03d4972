/// One item of a visit's itinerary and work programme.
public struct AgendaSession: Equatable, Codable, Sendable {
    /// As the partners write it: "09:30", "morning".
    public var time: String
    public var activity: String
    public var place: String

    public init(time: String = "", activity: String, place: String = "") {
        self.time = time
        self.activity = activity
        self.place = place
    }
}

/// A day of a visit with its sessions.
public struct AgendaDay: Equatable, Codable, Sendable {
    public var day: CivilDate
    public var sessions: [AgendaSession]

    public init(day: CivilDate, sessions: [AgendaSession]) {
        self.day = day
        self.sessions = sessions
    }

    /// Sessions gathered by day, in day order, keeping the order they were given in.
    public static func grouping(_ entries: [(day: CivilDate, session: AgendaSession)]) -> [AgendaDay] {
        var days: [AgendaDay] = []
        for entry in entries.sorted(by: { $0.day < $1.day }) {
            if days.last?.day == entry.day { days[days.count - 1].sessions.append(entry.session) }
            else { days.append(AgendaDay(day: entry.day, sessions: [entry.session])) }
        }
        return days
    }
}
