import Fluent
import Foundation
import TandemCore
import Vapor

/// A person's calendar: the visits of their partnerships (a focal point's state's, or every active one for
/// the Secretariat) and what falls due, as all-day events in their own language. Read by calendar apps
/// from a private address, so it is built without a signed-in request.
struct CalendarFeed {
    let app: Application
    let user: UserModel

    private var language: Language { Language(rawValue: user.language) ?? .en }
    private func t(_ key: String, _ values: [String: String] = [:]) -> String { app.localizer.text(key, language, values) }
    private func name(_ iso3: String) -> String { app.statesDirectory.name(iso3, in: language) }

    func document(on db: any Database, now: Date) async throws -> String {
        var events: [CalendarEvent] = []
        let models = try await partnerships(on: db)
        let allRules = try await PartnershipSchedule.rules(of: models, on: db)
        for record in try await PartnershipRecord.load(models, on: db) {
            let model = record.model
            let title = record.states.map(name).joined(separator: " – ")
            for (index, visit) in record.visits.enumerated() {
                guard let plan = visit.plan, try visit.visitStatus != .cancelled else { continue }
                events.append(CalendarEvent(
                    uid: "visit-\(visit.id?.uuidString.lowercased() ?? "")@tandem",
                    summary: t("calendar_visit_summary", ["number": String(record.place(of: visit) ?? index + 1), "visitor": name(plan.visitor), "host": name(plan.host)]),
                    description: title + "\n" + t("visit_status_" + visit.status), start: plan.start, end: plan.end,
                    url: app.config.baseURL + record.href + "/visits/\(index + 1)"))
            }
            for deadline in try PartnershipSchedule.deadlines(record, rules: allRules[try model.requireID()] ?? .current) {
                let what = switch deadline.kind {
                case .visitNotice: t(deadline.subject == "1" ? "deadline_what_first_visit" : "deadline_what_second_visit")
                case .report: t("deadline_what_" + deadline.subject)
                }
                events.append(CalendarEvent(uid: "\(deadline.key)@tandem", summary: t("calendar_deadline_summary", ["what": what, "partners": title]),
                                            start: deadline.due, end: deadline.due, url: app.config.baseURL + deadline.href))
            }
        }
        return ICalendar.document(name: t("calendar_feed_name"), events: events, stamp: now)
    }

    private func partnerships(on db: any Database) async throws -> [PartnershipModel] {
        var query = PartnershipModel.query(on: db).filter(\.$source != PartnershipModel.fromHistory)
        if !AccessPolicy.decide(user.actor, .manageProgramme).isAllowed {
            let state = user.stateISO3 ?? ""
            let ids = try await ParticipantModel.query(on: db).filter(\.$stateISO3 == state).all().map(\.$partnership.id)
            query = query.filter(\.$id ~~ ids)
        } else {
            query = query.filter(\.$status == PartnershipStatus.active.rawValue)
        }
        return try await query.sort(\.$code).all()
    }
}
