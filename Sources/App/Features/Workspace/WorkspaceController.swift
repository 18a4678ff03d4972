import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// A partnership's workspace, private to its National Authorities and the Secretariat: the partners and
/// their lead contacts, its status, what is due, its visits and reports, its results framework, meetings,
/// action plan, memorandum of understanding, notes and timeline. Each form posts to its own address and
/// comes back with its values and errors when it does not pass.
struct WorkspaceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped("partnerships").grouped(RequireMiddleware(.manageOwnAccount))
        signedIn.get(use: index)
        let secretariat = signedIn.grouped(RequireMiddleware(.manageProgramme))
        secretariat.get("new", use: new)
        secretariat.post(use: create)
        signedIn.get(":code", use: show)
        signedIn.post(":code", "contacts", use: contact)
        secretariat.post(":code", "status", use: status)
        signedIn.post(":code", "meetings", use: meeting)
        signedIn.post(":code", "meetings", "schedule", use: scheduleMeeting)
        signedIn.post(":code", "meetings", ":meeting", "held", use: meetingHeld)
        signedIn.get(":code", "meetings", ":meeting", "calendar.ics", use: meetingCalendar)
        frameworkRoutes(signedIn)
        signedIn.post(":code", "tasks", use: task)
        signedIn.post(":code", "tasks", ":task", use: toggleTask)
        signedIn.post(":code", "notes", use: note)
        signedIn.on(.POST, ":code", "mou", body: .collect(maxSize: ByteCount(value: UploadType.readLimit)), use: uploadMOU)
        signedIn.get(":code", "mou", use: downloadMOU)
        signedIn.get(":code", "iati.xml", use: iati)
    }

    // MARK: The list, and setting one up

    struct ListRow: Encodable, Hashable, Sendable {
        let code: String
        let href: String
        let title: String
        let status: String
        let next: String
        let overdue: Bool
    }

    struct ListPage: Encodable, Hashable, Sendable {
        let rows: [ListRow]
        let count: String
        let newHref: String?
        let dashboardHref: String?
        let pager: PagerContext?
    }

    /// The reader's partnerships: a focal point's state's, or every partnership of the programme for the
    /// Secretariat (the 2012-2019 history included, read only).
    @Sendable func index(req: Request) async throws -> View {
        let manages = AccessPolicy.decide(req.actor, .manageProgramme).isAllowed
        let sql = req.db as! any SQLDatabase
        func scoped(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            guard !manages else { return query }
            return query.join(ParticipantModel.schema, on: SQLColumn("partnership_id", table: ParticipantModel.schema), .equal,
                              SQLColumn("id", table: PartnershipModel.schema))
                .where(SQLColumn("state_iso3", table: ParticipantModel.schema), .equal, SQLBind(req.currentUser?.stateISO3 ?? ""))
        }
        let total = try await scoped(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total").from(PartnershipModel.schema))
            .first()?.decode(column: "total", as: Int.self) ?? 0
        let paging = try PageRequest(req.pageQuery, defaultLimit: PageRequest.pageLimit).clamped(total: total)
        // Newest first; a partnership without a start date (proposed) after those with one, on both databases.
        let page = try await scoped(sql.select().column(SQLColumn("id", table: PartnershipModel.schema)).column(SQLColumn("revision", table: PartnershipModel.schema))
            .from(PartnershipModel.schema))
            .orderBy(SQLRaw("(\(PartnershipModel.schema).start_date IS NULL)")).orderBy(SQLOrderBy(expression: SQLColumn("start_date", table: PartnershipModel.schema), direction: SQLDirection.descending))
            .orderBy(SQLColumn("code", table: PartnershipModel.schema)).offset(paging.offset).limit(paging.limit).all()
            .map { (id: try $0.decode(column: "id", as: UUID.self), revision: try $0.decode(column: "revision", as: Int.self)) }
        let today = CivilDate(utc: req.application.clock.now())
        let rows = try await req.application.partnershipSummaries.summaries(page, on: req.db, today: today).map { summary in
            ListRow(code: summary.code, href: "/partnerships/\(summary.code)",
                    title: summary.states.map { req.states.name($0, in: req.language) }.joined(separator: " – "),
                    status: summary.lapsedSince.map { req.localizer.text("partnership_status_lapsed", req.language, ["year": String($0.year)]) }
                        ?? req.text("partnership_status_" + summary.status),
                    next: summary.next.map { req.language.format($0.due) } ?? "", overdue: summary.next.map { $0.due < today } ?? false)
        }
        return try await req.renderListPage("workspace/index", title: req.text("workspace_list_title"),
                                        ListPage(rows: rows, count: req.localizer.text("partnerships_count", req.language, count: total),
                                                 newHref: manages ? "/partnerships/new" : nil,
                                                 dashboardHref: manages ? "/programme/dashboard" : nil, pager: Pager.make(req, paging, total: total)))
    }

    struct NewPage: Encodable {
        let states: [SelectOption]
        let mentees: [SelectOption]
        let calls: [SelectOption]
        let statuses: [SelectOption]
        let csrf: String
        let errors: [String: String]
    }

    struct NewPartnership: Content {
        var mentor: String?
        var mentee: String?
        var call: String?
        var status: String?
    }

    @Sendable func new(req: Request) async throws -> View {
        try await renderNew(req, NewPartnership(), errors: [:])
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(NewPartnership.self)
        let mentor = (form.mentor ?? "").uppercased(), mentee = (form.mentee ?? "").uppercased()
        var errors: [String: String] = [:]
        if req.states[mentor] == nil { errors["mentor"] = "workspace_state_needed" }
        if req.states[mentee] == nil { errors["mentee"] = "workspace_state_needed" }
        if mentor == mentee, errors.isEmpty { errors["mentee"] = "workspace_states_differ" }
        let status = PartnershipStatus(rawValue: form.status ?? "")
        if status != .proposed, status != .active { errors["status"] = "workspace_status_needed" }
        var call: CallModel?
        if let slug = form.call, !slug.isEmpty {
            call = try await CallModel.query(on: req.db).filter(\.$slug == slug).first()
            if call == nil { errors["call"] = "workspace_call_unknown" }
        }
        guard errors.isEmpty, let status else {
            return try await renderNew(req, form, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let actor = req.currentUser?.email ?? "", chosenCall = call
        let partnership = try await req.db.writeTransaction { db in
            try await PartnershipStarter(app: req.application).start(mentor: mentor, mentee: mentee, call: chosenCall, proposalID: nil, status: status,
                                                                     source: PartnershipModel.fromSecretariat, actor: actor, on: db)
        }
        return req.redirect(to: "/partnerships/\(partnership.code)", redirectType: .normal)
    }

    private func renderNew(_ req: Request, _ form: NewPartnership, errors: [String: String]) async throws -> View {
        let language = req.language
        let states = req.states.search(nil, group: nil, language: language)
        func options(_ chosen: String?) -> [SelectOption] {
            states.map { SelectOption(value: $0.iso3, label: req.states.name($0.iso3, in: language), selected: $0.iso3 == chosen?.uppercased()) }
        }
        let calls = try await CallModel.query(on: req.db).sort(\.$opensOn, .descending).all()
        let page = NewPage(
            states: options(form.mentor), mentees: options(form.mentee),
            calls: calls.map { SelectOption(value: $0.slug, label: $0.title, selected: $0.slug == form.call) },
            statuses: [PartnershipStatus.active, .proposed].map {
                SelectOption(value: $0.rawValue, label: req.text("partnership_status_" + $0.rawValue), selected: $0.rawValue == (form.status ?? "active"))
            },
            csrf: req.csrfToken, errors: errors.mapValues { req.text($0) })
        return try await req.renderPage("workspace/new", title: req.text("workspace_new_title"), page)
    }

    // MARK: The workspace

    @Sendable func show(req: Request) async throws -> View {
        let record = try await PartnershipRecord.load(req)
        return try await render(req, record)
    }

    private func render(_ req: Request, _ record: PartnershipRecord, form: String = "", values: [String: String] = [:],
                        problems: [String: String] = [:]) async throws -> View {
        let page = try await WorkspacePages(req: req).workspace(record, form: form, values: values, problems: problems)
        return try await req.renderPage("workspace/show", title: page.title, page)
    }

    /// The form's values, or the workspace again with them and the problems, answered 422.
    func refuse(_ req: Request, _ record: PartnershipRecord, form: String, values: [String: String],
                        problems: [String: String], status: HTTPStatus = .unprocessableEntity) async throws -> Response {
        try await render(req, record, form: form, values: values, problems: problems).encodeResponse(status: status, for: req)
    }

    /// Someone changed the partnership after the page the form came from was drawn (its `version`), or while
    /// this change was being checked: the form comes back as typed, with the partnership as it now stands.
    private func changedMeanwhile(_ req: Request, _ code: String, form: String, values: [String: String],
                                  field: String) async throws -> Response {
        let current = try await PartnershipRecord.load(req, code: code, editing: true)
        return try await refuse(req, current, form: form, values: values, problems: [field: "workspace_changed_meanwhile"], status: .conflict)
    }

    /// Whether the form was drawn from an older version of the partnership than the one stored.
    private func isStale(_ values: [String: String], _ record: PartnershipRecord) throws -> Bool {
        guard let sent = values["version"] else { return false }
        return try StoredVersion.sent(sent) != record.model.version
    }

    func back(_ req: Request, _ record: PartnershipRecord, to anchor: String) -> Response {
        req.redirect(to: record.href + "#" + anchor, redirectType: .normal)
    }

    func fields(_ req: Request) throws -> [String: String] {
        try req.content.decode([String: String].self).mapValues { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    @Sendable func contact(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        let values = try fields(req)
        let state = values["state"] ?? ""
        guard let participant = record.participants.first(where: { $0.stateISO3 == state }),
              record.canManage(req) || record.actingState(req) == state else {
            throw Abort(.forbidden, reason: req.text("workspace_contact_not_yours"))
        }
        var problems: [String: String] = [:]
        let name = values["lead_name"] ?? "", email = (values["lead_email"] ?? "").lowercased(), phone = values["lead_phone"] ?? ""
        if name.isEmpty || name.count > 200 { problems["lead_name"] = "workspace_lead_name_needed" }
        if !email.isEmpty, !(email.contains("@") && email.count <= 254 && !email.contains(" ")) { problems["lead_email"] = "workspace_email_invalid" }
        if phone.count > 50 { problems["lead_phone"] = "workspace_phone_too_long" }
        guard problems.isEmpty else { return try await refuse(req, record, form: "contact-" + state, values: values, problems: problems) }
        // Guarded on this partner's contact alone: the other partner saving theirs, or a visit planned, is no conflict.
        if let sent = values["version"], try StoredVersion.sent(sent) != participant.version {
            return try await changedMeanwhile(req, record.code, form: "contact-" + state, values: values, field: "lead_name")
        }
        let before = ["name": participant.leadName ?? "", "email": participant.leadEmail ?? "", "phone": participant.leadPhone ?? ""]
        participant.leadName = name
        participant.leadEmail = email.isEmpty ? nil : email
        participant.leadPhone = phone.isEmpty ? nil : phone
        do {
            try await req.db.writeTransaction { db in
                participant.version = try await db.claim(ParticipantModel.schema, id: try participant.requireID(), version: participant.version,
                                                         entity: "partnership")
                try await participant.save(on: db)
            try await Timeline.record("lead_contact", ["state": state, "name": name], partnership: record.model,
                                      actor: req.currentUser?.email ?? "", at: req.application.clock.now(), on: db)
                try await req.audit("update", entity: "partnership_contact", key: "\(record.code)/\(state)", before: before,
                                    after: ["name": name, "email": email, "phone": phone], on: db)
            }
        } catch is ChangeConflict {
            return try await changedMeanwhile(req, record.code, form: "contact-" + state, values: values, field: "lead_name")
        }
        return back(req, record, to: "partners")
    }

    @Sendable func status(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        let values = try fields(req)
        let reason = values["reason"] ?? ""
        var problems: [String: String] = [:]
        let status = PartnershipStatus(rawValue: values["status"] ?? "")
        if status == nil { problems["status"] = "workspace_status_needed" }
        if status == .closed, reason.isEmpty { problems["reason"] = "workspace_close_reason_needed" }
        if reason.count > FormBounds.longText { problems["reason"] = "workspace_text_too_long" }
        guard problems.isEmpty, let status else { return try await refuse(req, record, form: "status", values: values, problems: problems) }
        if try isStale(values, record) { return try await changedMeanwhile(req, record.code, form: "status", values: values, field: "status") }
        // Sent again as it stands: nothing changes, nothing is recorded.
        if status.rawValue == record.model.status, (status == .closed ? reason : nil) == record.model.closedReason { return back(req, record, to: "status") }
        let model = record.model, before = ["status": model.status, "reason": model.closedReason ?? ""]
        let now = req.application.clock.now()
        model.status = status.rawValue
        model.closedReason = status == .closed ? reason : nil
        if status == .completed || status == .closed { model.endDate = model.endDate ?? CivilDate(utc: now).description }
        do {
            try await req.db.writeTransaction { db in
                try await record.claim(on: db)
                try await model.save(on: db)
                try await Timeline.record(status == .closed ? "closed" : "status", ["status": status.rawValue, "reason": reason],
                                          partnership: model, actor: req.currentUser?.email ?? "", at: now, on: db)
                try await req.audit("update", entity: "partnership", key: record.code, before: before,
                                    after: ["status": status.rawValue, "reason": reason], on: db)
            }
        } catch is ChangeConflict {
            return try await changedMeanwhile(req, record.code, form: "status", values: values, field: "status")
        }
        return back(req, record, to: "status")
    }

    @Sendable func meeting(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        let values = try fields(req)
        var problems: [String: String] = [:]
        let kind = BilateralMeetingModel.Kind(rawValue: values["kind"] ?? "")
        if kind == nil { problems["kind"] = "meeting_kind_needed" }
        let day = CivilDate(iso: values["held_on"] ?? "")
        if day == nil { problems["held_on"] = "workspace_day_needed" }
        if let day, let refusal = BilateralMeetingRules.holding(on: day, today: CivilDate(utc: req.application.clock.now()),
                                                                 partnershipStart: record.model.startDate.flatMap(CivilDate.init(iso:))) {
            problems["held_on"] = refusal
        }
        if (values["summary"] ?? "").isEmpty { problems["summary"] = "meeting_summary_needed" }
        for (field, bound, key) in [("place", FormBounds.shortText, "workspace_short_too_long"),
                                    ("participants", FormBounds.longText, "workspace_text_too_long"),
                                    ("summary", FormBounds.longText, "workspace_text_too_long")]
        where (values[field] ?? "").count > bound {
            problems[field] = key
        }
        guard problems.isEmpty, let kind, let day else { return try await refuse(req, record, form: "meeting", values: values, problems: problems) }
        let actor = req.currentUser?.email ?? ""
        let meeting = BilateralMeetingModel(partnershipID: try record.model.requireID(), kind: kind, heldOn: day.description,
                                            place: values["place"] ?? "", participants: values["participants"] ?? "",
                                            summary: values["summary"] ?? "", recordedBy: actor)
        try await req.db.writeTransaction { db in
            try await meeting.create(on: db)
            try await Timeline.record("meeting_" + kind.rawValue, ["day": day.description], partnership: record.model,
                                      actor: actor, at: req.application.clock.now(), on: db)
            try await req.audit("create", entity: "bilateral_meeting", key: record.code, after: ["kind": kind.rawValue, "held_on": day.description], on: db)
        }
        return back(req, record, to: "meetings")
    }

    @Sendable func task(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        let values = try fields(req)
        var problems: [String: String] = [:]
        let title = values["title"] ?? "", owner = values["owner"] ?? ""
        if title.isEmpty || title.count > 300 { problems["title"] = "task_title_needed" }
        if !record.states.contains(owner) { problems["owner"] = "task_owner_needed" }
        let dueText = values["due_on"] ?? ""
        let due = CivilDate(iso: dueText)
        if !dueText.isEmpty, due == nil { problems["due_on"] = "workspace_day_needed" }
        guard problems.isEmpty else { return try await refuse(req, record, form: "task", values: values, problems: problems) }
        let actor = req.currentUser?.email ?? ""
        let task = PartnershipTaskModel(partnershipID: try record.model.requireID(), title: title, ownerISO3: owner, dueOn: due?.description, createdBy: actor)
        try await req.db.writeTransaction { db in
            try await task.create(on: db)
            try await Timeline.record("task_added", ["task": title, "state": owner], partnership: record.model, actor: actor,
                                      at: req.application.clock.now(), on: db)
            try await req.audit("create", entity: "partnership_task", key: record.code, after: ["title": title, "owner": owner, "due": due?.description ?? ""], on: db)
        }
        return back(req, record, to: "action-plan")
    }

    @Sendable func toggleTask(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        guard let id = req.parameters.get("task", as: UUID.self),
              let task = try await PartnershipTaskModel.query(on: req.db).filter(\.$id == id)
                .filter(\.$partnership.$id == record.model.requireID()).first() else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let now = req.application.clock.now(), actor = req.currentUser?.email ?? ""
        // The button says what its person saw and wants ("done" or not), so two people pressing it at once both
        // get what they asked for instead of undoing each other; a page without it toggles.
        let sent = try fields(req)["done"]
        guard sent == nil || sent == "yes" || sent == "no" else { throw Abort(.badRequest, reason: req.text("task_done_invalid")) }
        let done = sent.map { $0 == "yes" } ?? (task.doneAt == nil)
        try await req.db.writeTransaction { db in
            // Only if it is not already so: the second of two presses changes nothing and records nothing.
            var update = (db as! any SQLDatabase).update(PartnershipTaskModel.schema)
                .set("done_at", to: SQLBind(done ? now : nil)).where("id", .equal, SQLBind(id))
            update = update.where(SQLIdentifier("done_at"), done ? .is : .isNot, SQLLiteral.null)
            guard try await !update.returning("id").all().isEmpty else { return }
            try await Timeline.record(done ? "task_done" : "task_reopened", ["task": task.title], partnership: record.model,
                                      actor: actor, at: now, on: db)
            try await req.audit("update", entity: "partnership_task", key: "\(record.code)/\(id.uuidString)", after: ["done": done], on: db)
        }
        return back(req, record, to: "action-plan")
    }

    @Sendable func note(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        let values = try fields(req)
        let body = values["body"] ?? ""
        guard !body.isEmpty, body.count <= 10_000 else {
            return try await refuse(req, record, form: "note", values: values, problems: ["body": "note_body_needed"])
        }
        let author = req.currentUser?.displayName ?? ""
        try await req.db.writeTransaction { db in
            try await PartnershipNoteModel(partnershipID: try record.model.requireID(), author: author, body: body).create(on: db)
            try await Timeline.record("note", partnership: record.model, actor: req.currentUser?.email ?? "", at: req.application.clock.now(), on: db)
            try await req.audit("create", entity: "partnership_note", key: record.code, after: ["length": body.count], on: db)
        }
        return back(req, record, to: "notes")
    }

    struct MOUUpload: Content {
        var file: File?
        var signed_on: String?
        var expires_on: String?
    }

    @Sendable func uploadMOU(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        let upload = try req.content.decode(MOUUpload.self)
        let values = ["signed_on": upload.signed_on ?? "", "expires_on": upload.expires_on ?? ""]
        var problems: [String: String] = [:]
        let signed = CivilDate(iso: values["signed_on"]!.trimmingCharacters(in: .whitespaces))
        let expiresText = values["expires_on"]!.trimmingCharacters(in: .whitespaces)
        let expires = CivilDate(iso: expiresText)
        if signed == nil { problems["signed_on"] = "workspace_day_needed" }
        if !expiresText.isEmpty, expires == nil { problems["expires_on"] = "workspace_day_needed" }
        if let signed, let expires, expires < signed { problems["expires_on"] = "mou_expires_before_signed" }
        let file = upload.file.flatMap { $0.data.readableBytes > 0 ? $0 : nil }
        if file == nil, record.model.mouFile == nil { problems["file"] = "mou_file_needed" }
        if let file, UploadType.detect(file.data.readableBytesView) != .pdf || file.data.readableBytes > UploadType.maximumBytes {
            problems["file"] = "mou_file_kind"
        }
        guard problems.isEmpty, let signed else { return try await refuse(req, record, form: "mou", values: values, problems: problems) }
        let model = record.model
        if let file {
            model.mouFile = try await req.application.uploads.store(file.data, named: "partnerships/\(try model.requireID().uuidString)/mou.pdf")
        }
        model.mouSignedOn = signed.description
        model.mouExpiresOn = expires?.description
        try await req.db.writeTransaction { db in
            try await model.save(on: db)
            try await Timeline.record("mou", ["day": signed.description], partnership: model, actor: req.currentUser?.email ?? "",
                                      at: req.application.clock.now(), on: db)
            try await req.audit("update", entity: "partnership_mou", key: record.code,
                                after: ["signed_on": signed.description, "expires_on": expires?.description ?? "", "file": file == nil ? "kept" : "new"], on: db)
        }
        return back(req, record, to: "mou")
    }

    @Sendable func downloadMOU(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req)
        guard let name = record.model.mouFile,
              let data = FileManager.default.contents(atPath: req.application.uploads.url(name).path) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return Response(status: .ok, headers: ["Content-Type": "application/pdf",
                                               "Content-Disposition": "attachment; filename=\"\(record.code)-mou.pdf\""],
                        body: .init(data: data))
    }

    /// The partnership's results as an IATI 2.03 activity.
    @Sendable func iati(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req)
        return try await Self.iatiResponse(req, record)
    }

    static func iatiResponse(_ req: Request, _ record: PartnershipRecord) async throws -> Response {
        let rules = try await PartnershipSchedule.rules(of: record.model, on: req.db)
        let xml = try IATIExport(app: req.application, language: req.language).activity(record, rules: rules).xml(generated: req.application.clock.now())
        return Response(status: .ok, headers: ["Content-Type": "application/xml; charset=utf-8",
                                               "Content-Disposition": "inline; filename=\"\(record.code)-iati.xml\""],
                        body: .init(string: xml))
    }
}
