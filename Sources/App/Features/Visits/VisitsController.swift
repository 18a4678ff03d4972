import Fluent
import Foundation
import TandemCore
import Vapor

/// The exchange visits of a partnership: the partners plan one (days, itinerary, delegation) and it is
/// checked against every rule of the call; a plan that breaks one is refused with the rule and its figures,
/// unless the Secretariat keeps it with a recorded reason. The Secretariat confirms a visit, the partners
/// mark it made, either may cancel it with a reason; each visit has a calendar file.
struct VisitsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let visits = routes.grouped("partnerships", ":code", "visits").grouped(RequireMiddleware(.manageOwnAccount))
        visits.get("new", use: new)
        visits.post(use: create)
        visits.get(":number", use: show)
        visits.get(":number", "edit", use: edit)
        visits.post(":number", use: update)
        visits.post(":number", "confirm", use: confirm)
        visits.post(":number", "complete", use: complete)
        visits.post(":number", "cancel", use: cancel)
        visits.get(":number", "calendar.ics", use: calendar)
        visits.get(":number", "invitation", use: invitation)
        costRoutes(visits)
    }

    // MARK: Planning

    @Sendable func new(req: Request) async throws -> View {
        let record = try await plannable(req)
        // By default the visits alternate: the mentee's officials travel first, to the mentor.
        let lastHost = try record.visits.last { try $0.visitStatus != .cancelled }?.hostISO3
        let host = lastHost.flatMap { last in record.states.first { $0 != last } } ?? record.states(in: .mentor).first
        return try await renderForm(req, record, visit: nil, fields: VisitFields(host: host), problems: [:], breaches: [])
    }

    /// Plans are checked against the partnership's other visits, so two plans sent at once are decided one
    /// after the other: the later one is checked again against the visit the earlier one added.
    @Sendable func create(req: Request) async throws -> Response {
        try await retryingConflicts {
            try await save(req, try await plannable(req), visit: nil)
        }
    }

    @Sendable func edit(req: Request) async throws -> View {
        let (record, visit, _) = try await Self.visit(req, editing: true)
        guard try canChange(req, record, visit) else { throw Abort(.conflict, reason: req.text("visit_not_editable")) }
        return try await renderForm(req, record, visit: visit, fields: try VisitFields(visit), problems: [:], breaches: [])
    }

    @Sendable func update(req: Request) async throws -> Response {
        try await retryingConflicts {
            let (record, visit, _) = try await Self.visit(req, editing: true)
            guard try canChange(req, record, visit) else { throw Abort(.conflict, reason: req.text("visit_not_editable")) }
            return try await save(req, record, visit: visit)
        }
    }

    /// Checks and saves a visit's plan, new or changed. Adding a row of the itinerary or the delegation
    /// comes back to the form without saving.
    private func save(_ req: Request, _ record: PartnershipRecord, visit: VisitModel?) async throws -> Response {
        var fields = try req.content.decode(VisitFields.self)
        switch fields.action {
        case "add_session":
            fields.agenda = (fields.agenda ?? []) + [VisitFields.SessionFields()]
            return try await renderForm(req, record, visit: visit, fields: fields, problems: [:], breaches: []).encodeResponse(for: req)
        case "add_delegate":
            fields.delegates = (fields.delegates ?? []) + [VisitFields.DelegateFields()]
            return try await renderForm(req, record, visit: visit, fields: fields, problems: [:], breaches: []).encodeResponse(for: req)
        default:
            break
        }
        let reading = fields.read(partners: record.states)
        guard reading.problems.isEmpty, let host = reading.host, let start = reading.start, let end = reading.end else {
            return try await renderForm(req, record, visit: visit, fields: fields, problems: reading.problems, breaches: [])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let now = req.application.clock.now(), today = CivilDate(utc: now)
        let datesChanged = visit.map { $0.startDate != start.description || $0.endDate != end.description || $0.hostISO3 != host } ?? true
        let visitor = record.states.first { $0 != host }!
        let notified = datesChanged ? today : visit?.notifiedOn.flatMap(CivilDate.init(iso:)) ?? today
        let plan = VisitPlan(host: host, visitor: visitor, start: start, end: end, notifiedOn: notified)
        let rules = try await PartnershipSchedule.rules(of: record.model, on: req.db)
        var delegates = reading.delegates
        if !record.canManage(req) {
            // Only the Secretariat approves an exception; what a partner sends keeps the approvals already given.
            let approved = Set((visit?.delegates ?? []).filter(\.exceptionApproved).map(\.name))
            for index in delegates.indices { delegates[index].exceptionApproved = delegates[index].exceptional && approved.contains(delegates[index].name) }
        }
        let delegation = delegates
        let breaches = try await VisitChecks.breaches(plan, delegates: delegation, record: record, excluding: visit, rules: rules, on: req.db)
        let overrideReason = (fields.overrideReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let overriding = breaches.contains(where: \.isBreach)
        if overriding, !(record.canManage(req) && !overrideReason.isEmpty) {
            return try await renderForm(req, record, visit: visit, fields: fields, problems: [:], breaches: breaches)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let actor = req.currentUser?.email ?? ""
        // Only the Secretariat says who of it takes part; what a partner sends keeps what it said.
        let typedSecretariat = (fields.secretariat ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let secretariat = !record.canManage(req) ? visit?.secretariat
            : typedSecretariat.isEmpty ? nil : String(typedSecretariat.prefix(4 * FormBounds.shortText))
        let model = visit ?? VisitModel()
        let before = visit.map(summary)
        let number = try await req.db.writeTransaction { db -> Int in
            try await record.claim(on: db)
            model.$partnership.id = try record.model.requireID()
            model.hostISO3 = host
            model.visitorISO3 = visitor
            model.startDate = start.description
            model.endDate = end.description
            model.year = start.year
            model.notifiedOn = notified.description
            model.agenda = StoredJSON.document(reading.agenda)
            model.secretariat = secretariat
            if visit == nil {
                model.status = VisitStatus.proposed.rawValue
                model.note = ""
                model.position = (record.visits.map(\.position).max() ?? -1) + 1
                model.proposedBy = actor
                model.costsVersion = 0
            }
            if overriding { model.overrideReason = overrideReason }
            try await model.save(on: db)
            try await DelegateModel.query(on: db).filter(\.$visit.$id == model.requireID()).delete()
            for (position, delegate) in delegation.enumerated() {
                try await DelegateModel(delegate, visitID: try model.requireID(), position: position).create(on: db)
            }
            let refreshed = try await PartnershipRecord.load(record.model, on: db)
            try await PartnershipSchedule.refreshDueDates(refreshed, rules: rules, on: db)
            let number = (refreshed.visits.firstIndex { $0.id == model.id } ?? 0) + 1
            let place = refreshed.place(of: model) ?? number
            try await Timeline.record(visit == nil ? "visit_proposed" : "visit_changed",
                                      ["number": String(place), "host": host, "visitor": visitor, "start": start.description, "end": end.description],
                                      partnership: record.model, actor: actor, at: now, on: db)
            if overriding {
                try await Timeline.record("visit_override", ["number": String(place), "reason": overrideReason,
                                                             "rules": breaches.filter(\.isBreach).map(\.rule).joined(separator: ", ")],
                                          partnership: record.model, actor: actor, at: now, on: db)
            }
            // The Secretariat confirms every plan and counts the notice from the day it hears of it.
            if datesChanged && !record.canManage(req) {
                try await PartnerMail(app: req.application).sendToSecretariat(
                    .visitProposed, about: [visitor, host], path: record.href + "/visits/\(number)",
                    values: ["number": String(place), "by": actor], localized: ["change": visit == nil ? "mail_visit_planned" : "mail_visit_moved"],
                    days: ["start": start, "end": end, "notified": notified], on: db, now: now)
            }
            try await req.audit(visit == nil ? "create" : "update", entity: "visit", key: "\(record.code)#\(number)", before: before,
                                after: summary(model).merging(["override": overrideReason, "delegates": String(delegation.count)]) { $1 }, on: db)
            return number
        }
        return req.redirect(to: record.href + "/visits/\(number)", confirming: "done_visit_saved")
    }

    private func summary(_ visit: VisitModel) -> [String: String] {
        ["host": visit.hostISO3, "visitor": visit.visitorISO3, "start": visit.startDate ?? "", "end": visit.endDate ?? "",
         "status": visit.status, "notified_on": visit.notifiedOn ?? ""]
    }

    // MARK: Reading and moving a visit on

    @Sendable func show(req: Request) async throws -> View {
        let (record, visit, number) = try await Self.visit(req)
        return try await renderShow(req, record, visit: visit, number: number)
    }

    struct Confirmation: Content {
        var overrideReason: String?
        /// Positions of the exceptional delegates the Secretariat approves.
        var approve: [String]?
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let (record, visit, number) = try await Self.visit(req, editing: true)
        guard record.canManage(req) else { throw Abort(.forbidden, reason: req.text("error_403_message")) }
        guard try visit.visitStatus == .proposed, let plan = visit.plan else { throw Abort(.conflict, reason: req.text("visit_not_confirmable")) }
        let form = try req.content.decode(Confirmation.self)
        let approvals = Set(form.approve ?? [])
        let delegates = visit.delegates.sorted { $0.position < $1.position }
        for (index, delegate) in delegates.enumerated() where delegate.exceptional && approvals.contains(String(index)) {
            delegate.exceptionApproved = true
        }
        let rules = try await PartnershipSchedule.rules(of: record.model, on: req.db)
        let checks = try await VisitChecks.breaches(plan, delegates: delegates.map(\.value), record: record, excluding: visit, rules: rules, on: req.db)
        let reason = (form.overrideReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let pending = delegates.contains { $0.exceptional && !$0.exceptionApproved }
        if pending || (checks.contains(where: \.isBreach) && reason.isEmpty) {
            let problems = pending ? ["approve": "visit_exception_to_approve"] : ["overrideReason": "visit_override_reason_needed"]
            return try await renderShow(req, record, visit: visit, number: number, problems: problems, values: ["overrideReason": reason])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let now = req.application.clock.now(), actor = req.currentUser?.email ?? ""
        try await req.db.writeTransaction { db in
            try await record.claim(on: db)
            for delegate in delegates { try await delegate.save(on: db) }
            visit.status = VisitStatus.confirmed.rawValue
            visit.confirmedBy = actor
            visit.confirmedAt = now
            if checks.contains(where: \.isBreach) { visit.overrideReason = reason }
            try await visit.save(on: db)
            let place = record.place(of: visit) ?? number
            try await Timeline.record("visit_confirmed", ["number": String(place)], partnership: record.model, actor: actor, at: now, on: db)
            if checks.contains(where: \.isBreach) {
                try await Timeline.record("visit_override", ["number": String(place), "reason": reason,
                                                             "rules": checks.filter(\.isBreach).map(\.rule).joined(separator: ", ")],
                                          partnership: record.model, actor: actor, at: now, on: db)
            }
            try await req.audit("confirm", entity: "visit", key: "\(record.code)#\(number)", before: ["status": VisitStatus.proposed.rawValue],
                                after: ["status": VisitStatus.confirmed.rawValue, "override": reason,
                                        "approved": delegates.filter(\.exceptionApproved).map(\.name).joined(separator: ", ")], on: db)
            let plan = visit.plan
            try await PartnerMail(app: req.application).send(
                .visitConfirmed, to: record.states, partnershipStates: record.states, path: record.href + "/visits/\(number)",
                values: ["number": String(place)],
                inLanguage: { language in ["dates": plan.map { "\(language.format($0.start)) – \(language.format($0.end))" } ?? ""] },
                on: db, now: now)
        }
        return req.redirect(to: record.href + "/visits/\(number)", confirming: "done_visit_confirmed")
    }

    @Sendable func complete(req: Request) async throws -> Response {
        let (record, visit, number) = try await Self.visit(req, editing: true)
        guard record.canEdit(req) else { throw Abort(.forbidden, reason: req.text("workspace_not_yours")) }
        let today = CivilDate(utc: req.application.clock.now())
        guard try visit.visitStatus == .confirmed, let plan = visit.plan, plan.end <= today else {
            throw Abort(.conflict, reason: req.text("visit_not_completable"))
        }
        try await move(req, record, visit, number: number, to: .completed, event: "visit_completed", values: [:])
        return req.redirect(to: record.href + "/visits/\(number)", confirming: "done_visit_completed")
    }

    @Sendable func cancel(req: Request) async throws -> Response {
        let (record, visit, number) = try await Self.visit(req, editing: true)
        guard record.canEdit(req) else { throw Abort(.forbidden, reason: req.text("workspace_not_yours")) }
        guard try visit.visitStatus == .proposed || visit.visitStatus == .confirmed else { throw Abort(.conflict, reason: req.text("visit_not_cancellable")) }
        let reason = ((try? req.content.get(String.self, at: "reason")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            return try await renderShow(req, record, visit: visit, number: number, problems: ["reason": "visit_cancel_reason_needed"])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        visit.cancelReason = reason
        try await move(req, record, visit, number: number, to: .cancelled, event: "visit_cancelled", values: ["reason": reason])
        return req.redirect(to: record.href + "/visits/\(number)", confirming: "done_visit_cancelled")
    }

    private func move(_ req: Request, _ record: PartnershipRecord, _ visit: VisitModel, number: Int, to status: VisitStatus,
                      event: String, values: [String: String]) async throws {
        let now = req.application.clock.now(), actor = req.currentUser?.email ?? "", before = visit.status
        let rules = try await PartnershipSchedule.rules(of: record.model, on: req.db)
        try await req.db.writeTransaction { db in
            try await record.claim(on: db)
            visit.status = status.rawValue
            try await visit.save(on: db)
            try await PartnershipSchedule.refreshDueDates(try await PartnershipRecord.load(record.model, on: db), rules: rules, on: db)
            try await Timeline.record(event, values.merging(["number": String(record.place(of: visit) ?? number)]) { $1 }, partnership: record.model,
                                      actor: actor, at: now, on: db)
            try await req.audit("update", entity: "visit", key: "\(record.code)#\(number)", before: ["status": before],
                                after: values.merging(["status": status.rawValue]) { $1 }, on: db)
        }
    }

    @Sendable func calendar(req: Request) async throws -> Response {
        let (record, visit, number) = try await Self.visit(req)
        guard let event = try VisitCalendar(req: req).event(record, visit: visit, number: number) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return VisitCalendar.response(ICalendar.document(name: event.summary, events: [event], stamp: req.application.clock.now()),
                                      filename: "\(record.code)-visit-\(number).ics")
    }

    // MARK: Helpers

    /// The partnership, if the reader may plan its visits now.
    private func plannable(_ req: Request) async throws -> PartnershipRecord {
        let record = try await PartnershipRecord.load(req, editing: true)
        guard try record.model.partnershipStatus == .active else { throw Abort(.conflict, reason: req.text("visit_partnership_not_active")) }
        return record
    }

    private func canChange(_ req: Request, _ record: PartnershipRecord, _ visit: VisitModel) throws -> Bool {
        try record.canEdit(req) && (visit.visitStatus == .proposed || (visit.visitStatus == .confirmed && record.canManage(req)))
    }

    /// The visit numbered in the address (1 for the first planned), with its partnership, checked for reading.
    static func visit(_ req: Request, editing: Bool = false) async throws -> (PartnershipRecord, VisitModel, Int) {
        let record = try await PartnershipRecord.load(req, editing: editing)
        guard let number = req.parameters.get("number", as: Int.self), record.visits.indices.contains(number - 1) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return (record, record.visits[number - 1], number)
    }

    private func renderForm(_ req: Request, _ record: PartnershipRecord, visit: VisitModel?, fields: VisitFields,
                            problems: [String: String], breaches: [RuleBreach]) async throws -> View {
        let rules = try await PartnershipSchedule.rules(of: record.model, on: req.db)
        let number = visit.flatMap { visit in record.visits.firstIndex { $0.id == visit.id } }.map { $0 + 1 }
        let place = visit.flatMap(record.place(of:)) ?? number
        let title = place.map { req.localizer.text("visit_edit_title", req.language, ["number": String($0)]) } ?? req.text("visit_plan")
        let action = number.map { record.href + "/visits/\($0)" } ?? record.href + "/visits"
        let page = VisitPages(req: req).form(record, title: title, action: action, fields: fields, problems: problems,
                                             breaches: breaches, rules: rules)
        return try await req.renderPage("visits/form", title: title, page)
    }

    private func renderShow(_ req: Request, _ record: PartnershipRecord, visit: VisitModel, number: Int,
                            problems: [String: String] = [:], values: [String: String] = [:]) async throws -> View {
        let rules = try await PartnershipSchedule.rules(of: record.model, on: req.db)
        var checks: [RuleBreach] = []
        if let plan = visit.plan, try visit.visitStatus == .proposed || visit.visitStatus == .confirmed {
            checks = try await VisitChecks.breaches(plan, delegates: visit.delegates.map(\.value), record: record, excluding: visit,
                                                    rules: rules, on: req.db)
        }
        let costs = record.canManage(req) ? try await VisitCostModel.query(on: req.db).filter(\.$visit.$id == visit.requireID()).all().map { try $0.line } : nil
        let page = try VisitPages(req: req).show(record, visit: visit, number: number, checks: checks, costs: costs,
                                             today: CivilDate(utc: req.application.clock.now()), problems: problems, values: values)
        return try await req.renderPage("visits/show", title: page.title, page)
    }
}
