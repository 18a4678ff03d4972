/// The partners' bilateral meetings (the initial one that agrees the road map, then those that keep the partnership
/// going): the Secretariat schedules one for a day to come; anyone records it as held once its day has come.
public enum BilateralMeetingRules {
    /// The locale key of what is wrong with scheduling a meeting on `day`, or nil.
    public static func scheduling(on day: CivilDate, today: CivilDate) -> String? {
        day < today ? "meeting_scheduled_past" : nil
    }

    /// The locale key of what is wrong with recording a meeting as held on `day`, or nil: the day has come, and it is
    /// not before the partnership began (`start`, when known).
    public static func holding(on day: CivilDate, today: CivilDate, partnershipStart start: CivilDate? = nil) -> String? {
        if day > today { return "meeting_held_future" }
        if let start, day < start { return "meeting_held_before_start" }
        return nil
    }

    /// Whether `text` is a time of day as a form sends it, `HH:MM` on a 24-hour clock.
    public static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return false }
        return (0...23).contains(hour) && (0...59).contains(minute)
    }
}
