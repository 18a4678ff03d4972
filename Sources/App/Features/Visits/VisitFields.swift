import Foundation
import TandemCore
import Vapor

/// The visit form as sent: strings, with the itinerary and the delegation as lists in bracket notation
/// (`delegates[1][role]`), so a form refused for a rule comes back exactly as typed.
struct VisitFields: Content {
    struct SessionFields: Content {
        var day: String?
        var time: String?
        var activity: String?
        var place: String?
    }

    struct DelegateFields: Content {
        var name: String?
        var title: String?
        var organisation: String?
        var role: String?
        var gender: String?
        var sponsored: String?
        var exceptional: String?
        var approved: String?
    }

    var host: String?
    var start: String?
    var end: String?
    var agenda: [SessionFields]?
    var delegates: [DelegateFields]?
    /// Secretariat staff taking part, one per line.
    var secretariat: String?
    /// The Secretariat's reason for keeping a plan that breaks a rule.
    var overrideReason: String?
    /// `save`, `add_session` or `add_delegate`.
    var action: String?

    /// What the form says, read as far as it can be; `problems` holds what cannot be read, by field.
    struct Reading {
        var host: String?
        var start: CivilDate?
        var end: CivilDate?
        var agenda: [AgendaDay] = []
        var delegates: [Delegate] = []
        var problems: [String: String] = [:]
    }

    func read(partners: [String]) -> Reading {
        var reading = Reading()
        func text(_ value: String?) -> String { (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let host = text(host).uppercased()
        if partners.contains(host) { reading.host = host } else { reading.problems["host"] = "visit_host_needed" }
        reading.start = CivilDate(iso: text(start))
        if reading.start == nil { reading.problems["start"] = "workspace_day_needed" }
        reading.end = CivilDate(iso: text(end))
        if reading.end == nil { reading.problems["end"] = "workspace_day_needed" }
        var sessions: [(day: CivilDate, session: AgendaSession)] = []
        for (index, row) in (agenda ?? []).enumerated() {
            let activity = text(row.activity), dayText = text(row.day)
            if activity.isEmpty, dayText.isEmpty, text(row.time).isEmpty, text(row.place).isEmpty { continue }
            guard let day = CivilDate(iso: dayText) else { reading.problems["agenda_\(index)"] = "visit_session_day_needed"; continue }
            if activity.isEmpty { reading.problems["agenda_\(index)"] = "visit_session_activity_needed"; continue }
            if [activity, text(row.time), text(row.place)].contains(where: { $0.count > FormBounds.shortText }) {
                reading.problems["agenda_\(index)"] = "workspace_short_too_long"
            }
            if let start = reading.start, let end = reading.end, day < start || end < day {
                reading.problems["agenda_\(index)"] = "visit_session_outside"
            }
            sessions.append((day, AgendaSession(time: text(row.time), activity: activity, place: text(row.place))))
        }
        if sessions.count > FormBounds.listEntries { reading.problems["agenda"] = "visit_agenda_too_long" }
        reading.agenda = AgendaDay.grouping(sessions)
        for (index, row) in (delegates ?? []).enumerated() {
            let name = text(row.name)
            if name.isEmpty, text(row.title).isEmpty, text(row.organisation).isEmpty { continue }
            guard !name.isEmpty else { reading.problems["delegate_\(index)"] = "delegate_name_needed"; continue }
            guard let role = DelegateRole(rawValue: text(row.role)) else { reading.problems["delegate_\(index)"] = "delegate_role_needed"; continue }
            if [name, text(row.title), text(row.organisation)].contains(where: { $0.count > FormBounds.shortText }) {
                reading.problems["delegate_\(index)"] = "workspace_short_too_long"
                continue
            }
            // The sponsorship costs are kept by the official's name, so two officials of one delegation need two names.
            if reading.delegates.contains(where: { $0.name.lowercased() == name.lowercased() }) {
                reading.problems["delegate_\(index)"] = "delegate_name_twice"
                continue
            }
            reading.delegates.append(Delegate(name: name, title: text(row.title), organisation: text(row.organisation), role: role,
                                              gender: Gender(rawValue: text(row.gender)), sponsored: row.sponsored != nil,
                                              exceptional: row.exceptional != nil, exceptionApproved: row.approved != nil))
        }
        return reading
    }

    /// The form for a visit as it is stored.
    init(_ visit: VisitModel) throws {
        host = visit.hostISO3
        start = visit.startDate
        end = visit.endDate
        agenda = try visit.agendaDays().flatMap { day in
            day.sessions.map { SessionFields(day: day.day.description, time: $0.time, activity: $0.activity, place: $0.place) }
        }
        delegates = visit.delegates.sorted { $0.position < $1.position }.map { delegate in
            DelegateFields(name: delegate.name, title: delegate.title, organisation: delegate.organisation, role: delegate.role,
                           gender: delegate.gender, sponsored: delegate.sponsored ? "on" : nil,
                           exceptional: delegate.exceptional ? "on" : nil, approved: delegate.exceptionApproved ? "on" : nil)
        }
        secretariat = visit.secretariat
    }

    init(host: String?) {
        self.host = host
    }
}
