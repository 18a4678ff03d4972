import Foundation

/// An all-day event in a calendar file: a visit's days, or a due date.
public struct CalendarEvent: Equatable, Sendable {
    /// Stable across downloads, so a calendar updates the event instead of adding another.
    public let uid: String
    public let summary: String
    public let description: String
    public let start: CivilDate
    /// The last day (inclusive).
    public let end: CivilDate
    public let url: String?

    public init(uid: String, summary: String, description: String = "", start: CivilDate, end: CivilDate, url: String? = nil) {
        self.uid = uid
        self.summary = summary
        self.description = description
        self.start = start
        self.end = end
        self.url = url
    }
}

/// Writes iCalendar (RFC 5545) files: CRLF line ends, long lines folded at 75 octets, text escaped.
public enum ICalendar {
    public static func document(name: String, events: [CalendarEvent], stamp: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tandem//Mentorship Partnership Programme//EN",
                     "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name)]
        let stamped = timestamp(stamp)
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + escape(event.uid), "DTSTAMP:" + stamped,
                      "DTSTART;VALUE=DATE:" + day(event.start),
                      // The end of an all-day event is the day after its last day.
                      "DTEND;VALUE=DATE:" + day(event.end.adding(days: 1)),
                      "SUMMARY:" + escape(event.summary)]
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + escape(event.description)) }
            if let url = event.url { lines.append("URL:" + url) }
            lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    static func day(_ date: CivilDate) -> String { date.description.replacingOccurrences(of: "-", with: "") }

    static func timestamp(_ moment: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: moment)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;")
            .replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: "\r\n", with: "\\n")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a character.
    static func fold(_ line: String) -> String {
        var folded = "", width = 0
        for character in line {
            let size = String(character).utf8.count
            if width + size > 75 {
                folded += "\r\n "
                width = 1
            }
            folded.append(character)
            width += size
        }
        return folded
    }
}
