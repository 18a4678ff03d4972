import Fluent
import Foundation
import TandemCore
import Vapor

/// Bilateral meetings before they are held: the Secretariat schedules one (the initial meeting that agrees the road
/// map, or a later one) with its day, time, place or online, and participants; both partners are emailed with a
/// calendar file; once its day has come, a partner or the Secretariat records it as held with what was agreed.
extension WorkspaceController {
    @Sendable func scheduleMeeting(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        guard record.canManage(req) else { throw Abort(.forbidden, reason: req.text("meeting_schedule_secretariat_only")) }
        let values = try fields(req)
        let today = CivilDate(utc: req.application.clock.now())
        var problems: [String: String] = [:]
        let kind = BilateralMeetingModel.Kind(rawValue: values["kind"] ?? "")
        if kind == nil { problems["kind"] = "meeting_kind_needed" }
        let day = CivilDate(iso: values["day"] ?? "")
        if day == nil { problems["day"] = "workspace_day_needed" }
        if let day, let refusal = BilateralMeetingRules.scheduling(on: day, today: today) { problems["day"] = refusal }
        let time = values["time"] ?? ""
        if !time.isEmpty && !BilateralMeetingRules.isTime(time) { problems["time"] = "meeting_time_invalid" }
        let online = values["online"] == "yes"
        if !online && (values["place"] ?? "").isEmpty { problems["place"] = "meeting_place_needed" }
        for (field, bound, key) in [("place", FormBounds.shortText, "workspace_short_too_long"),
                                    ("participants", FormBounds.longText, "workspace_text_too_long")]
        where (values[field] ?? "").count > bound {
            problems[field] = key
        }
        guard problems.isEmpty, let kind, let day else {
            return try await refuse(req, record, form: "schedule", values: values, problems: problems)
        }
        let actor = req.currentUser?.email ?? "", now = req.application.clock.now()
        let meeting = BilateralMeetingModel(partnershipID: try record.model.requireID(), kind: kind, heldOn: day.description,
                                            place: values["place"] ?? "", participants: values["participants"] ?? "", summary: "",
                                            recordedBy: actor)
        meeting.status = BilateralMeetingModel.Status.scheduled.rawValue
        meeting.time = time.isEmpty ? nil : time
        meeting.online = online
        try await req.db.writeTransaction { db in
            try await meeting.create(on: db)
            try await Timeline.record("meeting_scheduled", ["kind": kind.rawValue, "day": day.description, "time": time],
                                      partnership: record.model, actor: actor, at: now, on: db)
            try await req.audit("schedule", entity: "bilateral_meeting", key: record.code,
                                after: ["kind": kind.rawValue, "day": day.description, "time": time, "online": online ? "yes" : "no",
                                        "place": meeting.place], on: db)
            try await PartnerMail(app: req.application).send(
                .meetingScheduled, to: record.states, partnershipStates: record.states,
                path: record.href + "/meetings/\(try meeting.requireID().uuidString)/calendar.ics",
                values: ["time": time.isEmpty ? "" : ", \(time) UTC", "place": meeting.place.isEmpty ? "" : ", " + meeting.place,
                         "participants": meeting.participants.isEmpty ? "—" : meeting.participants],
                localized: ["kind": "meeting_kind_" + kind.rawValue, "where": online ? "meeting_online" : "meeting_in_person"],
                days: ["day": day], on: db, now: now)
        }
        return back(req, record, to: "meetings")
    }

    /// Records a scheduled meeting as held, once: the write is guarded on the meeting still being scheduled.
    @Sendable func meetingHeld(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        let meeting = try await scheduled(req, record)
        let values = try fields(req)
        var problems: [String: String] = [:]
        let day = CivilDate(iso: values["held_on"] ?? "")
        if day == nil { problems["held_on"] = "workspace_day_needed" }
        if let day, let refusal = BilateralMeetingRules.holding(on: day, today: CivilDate(utc: req.application.clock.now()),
                                                                 partnershipStart: record.model.startDate.flatMap(CivilDate.init(iso:))) {
            problems["held_on"] = refusal
        }
        let summary = values["summary"] ?? ""
        if summary.isEmpty { problems["summary"] = "meeting_summary_needed" }
        if summary.count > FormBounds.longText { problems["summary"] = "workspace_text_too_long" }
        guard problems.isEmpty, let day else {
            return try await refuse(req, record, form: "held-" + (meeting.id?.uuidString ?? ""), values: values, problems: problems)
        }
        let actor = req.currentUser?.email ?? "", now = req.application.clock.now()
        do {
            try await req.db.writeTransaction { db in
                meeting.version = try await db.claim(BilateralMeetingModel.schema, id: try meeting.requireID(), version: meeting.version,
                                                     expecting: ["status": BilateralMeetingModel.Status.scheduled.rawValue], entity: "meeting")
                meeting.status = BilateralMeetingModel.Status.held.rawValue
                meeting.heldOn = day.description
                meeting.summary = summary
                if let participants = values["participants"], !participants.isEmpty { meeting.participants = participants }
                try await meeting.save(on: db)
                try await Timeline.record("meeting_" + meeting.kind, ["day": day.description], partnership: record.model,
                                          actor: actor, at: now, on: db)
                try await req.audit("held", entity: "bilateral_meeting", key: record.code,
                                    after: ["kind": meeting.kind, "held_on": day.description], on: db)
            }
        } catch is ChangeConflict {
            return try await refuse(req, try await PartnershipRecord.load(req, editing: true), form: "meetings", values: values,
                                    problems: ["meeting": "meeting_recorded_meanwhile"], status: .conflict)
        }
        return back(req, record, to: "meetings")
    }

    @Sendable func meetingCalendar(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req)
        let meeting = try await Self.meeting(req, record)
        guard let day = CivilDate(iso: meeting.heldOn) else { throw Abort(.notFound, reason: req.text("error_404_message")) }
        let t = { (key: String, values: [String: String]) in req.localizer.text(key, req.language, values) }
        let partners = record.states.map { req.states.name($0, in: req.language) }.joined(separator: " – ")
        let place = meeting.online ? (meeting.place.isEmpty ? t("meeting_online", [:]) : t("meeting_online_at", ["place": meeting.place])) : meeting.place
        let event = CalendarEvent(
            uid: "meeting-\(meeting.id?.uuidString.lowercased() ?? "")@tandem",
            summary: t("meeting_calendar_summary", ["kind": t("meeting_kind_" + meeting.kind, [:]), "partners": partners]),
            description: [meeting.time.map { $0 + " UTC" }, place, meeting.participants].compactMap { $0 }.filter { !$0.isEmpty }
                .joined(separator: "\n"),
            start: day, end: day, url: req.application.config.baseURL + record.href + "#meetings")
        return VisitCalendar.response(ICalendar.document(name: event.summary, events: [event], stamp: req.application.clock.now()),
                                      filename: "\(record.code)-meeting-\(day).ics")
    }

    private func scheduled(_ req: Request, _ record: PartnershipRecord) async throws -> BilateralMeetingModel {
        let meeting = try await Self.meeting(req, record)
        guard meeting.isScheduled else { throw Abort(.conflict, reason: req.text("meeting_recorded_meanwhile")) }
        return meeting
    }

    /// The partnership's meeting in the address, or 404.
    static func meeting(_ req: Request, _ record: PartnershipRecord) async throws -> BilateralMeetingModel {
        guard let id = req.parameters.get("meeting").flatMap(UUID.init(uuidString:)),
              let meeting = try await BilateralMeetingModel.query(on: req.db).filter(\.$id == id)
                .filter(\.$partnership.$id == record.model.requireID()).first() else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return meeting
    }
}
