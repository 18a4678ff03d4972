import Foundation
import TandemCore
import Vapor

/// Visits as calendar events: a visit's own file, and the entries of a person's calendar feed.
struct VisitCalendar {
    let req: Request

    /// The visit as an all-day event over its days; nil while it has no days or is cancelled.
    func event(_ record: PartnershipRecord, visit: VisitModel, number: Int) throws -> CalendarEvent? {
        guard let plan = visit.plan, try visit.visitStatus != .cancelled else { return nil }
        let language = req.language
        let summary = req.localizer.text("calendar_visit_summary", language,
                                         ["number": String(record.place(of: visit) ?? number), "visitor": req.states.name(plan.visitor, in: language),
                                          "host": req.states.name(plan.host, in: language)])
        let status = req.localizer.text("visit_status_" + visit.status, language)
        let sessions = try visit.agendaDays().flatMap { day in day.sessions.map { "\(day.day) \($0.time) \($0.activity)" } }
        return CalendarEvent(uid: "visit-\(visit.id?.uuidString.lowercased() ?? "")@tandem", summary: summary,
                             description: ([status] + sessions).joined(separator: "\n"), start: plan.start, end: plan.end,
                             url: req.application.config.baseURL + record.href + "/visits/\(number)")
    }

    static func response(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/calendar; charset=utf-8",
                                        "Content-Disposition": "attachment; filename=\"\(filename)\""],
                 body: .init(string: text))
    }
}
