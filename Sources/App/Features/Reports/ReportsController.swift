import Fluent
import Foundation
import TandemCore
import Vapor

/// A partnership's reports: the form generated from its results framework, saved as the partners type;
/// submitted once its checklist is empty (a joint report first co-signed by the other partner); reviewed
/// by the Secretariat, which accepts it or returns it with comments, every version kept. After the final
/// report the Secretariat asks for updated values through follow-up requests.
struct ReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let partnership = routes.grouped("partnerships", ":code").grouped(RequireMiddleware(.manageOwnAccount))
        partnership.get("reports", ":slug", use: show)
        partnership.post("reports", ":slug", use: save)
        partnership.post("reports", ":slug", "cosign", use: cosign)
        partnership.post("reports", ":slug", "review", use: review)
        partnership.post("follow-ups", use: requestFollowUp)
    }

    @Sendable func show(req: Request) async throws -> View {
        let (record, report) = try await Self.report(req)
        let form = try report.value()
        return try await render(req, record, report, form: form, showProblems: false, notice: nil)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let (record, report) = try await Self.report(req)
        let fields = try req.content.decode(ReportFields.self)
        let entering = Self.entersForPartners(req, record)
        let acting = entering ? fields.onBehalf.flatMap { record.states.contains($0) ? $0 : nil } : record.actingState(req)
        guard record.canEdit(req), try report.isWithPartners, entering || acting != nil,
              try entering || !(report.reportStatus == .awaitingCosignature && report.draftedByISO3 != acting) else {
            throw Abort(.forbidden, reason: req.text("report_not_yours_to_edit"))
        }
        var form = fields.form
        // Values count only for the indicators this report gives: any other path a body names is not kept.
        let reported = Set(try record.model.framework().indicators(at: report.reportKind.level).map(\.path))
        form.values = form.values.filter { reported.contains($0.key) }
        do {
            return try await save(req, record, report, form: form, fields: fields, acting: acting, entering: entering)
        } catch is ChangeConflict {
            // The page's script keeps the text in the browser and says so; it must not save over the other person's.
            if fields.action == "autosave" { throw ChangeConflict(entity: "report") }
            let (_, current) = try await Self.report(req)
            let meanwhile = try ReportFields.savedMeanwhile(mine: form, saved: current.value())
            return try await render(req, record, current, form: form, showProblems: false, notice: req.text("report_saved_meanwhile"),
                                    onBehalf: fields.onBehalf, savedMeanwhile: meanwhile).encodeResponse(status: .conflict, for: req)
        }
    }

    /// Saves what was typed, unless the page started from an older version than the one stored (then nothing
    /// is written and `ChangeConflict` says so); then submits it when asked and complete.
    private func save(_ req: Request, _ record: PartnershipRecord, _ report: ReportModel, form: ReportForm, fields: ReportFields,
                      acting: String?, entering: Bool) async throws -> Response {
        if let basedOn = try fields.version.map(StoredVersion.sent), basedOn != report.version {
            throw ChangeConflict(entity: "report")
        }
        // A stored report Tandem cannot read is a fault to look into, not something to write over.
        _ = try report.value()
        guard form.boundProblems.isEmpty else {
            if fields.action == "autosave" { throw APIError.outOfBounds(req) }
            return try await render(req, record, report, form: form, showProblems: true, notice: req.text("form_not_saved_bounds"),
                                    onBehalf: fields.onBehalf).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let now = req.application.clock.now(), actor = req.currentUser?.email ?? ""
        let problems = try ReportCheck.problems(form, kind: report.reportKind, framework: record.model.framework())
        guard fields.action == "submit" else {
            try await saveDraft(req, record, report, form: form, state: acting ?? "")
            if fields.action == "autosave" { return Response(status: .noContent, headers: ["X-Version": String(report.version)]) }
            return try await render(req, record, report, form: form, showProblems: false, notice: req.text("report_draft_saved"),
                                    onBehalf: fields.onBehalf).encodeResponse(for: req)
        }
        guard let acting, problems.isEmpty else {
            try await saveDraft(req, record, report, form: form, state: acting ?? "")
            return try await render(req, record, report, form: form, showProblems: true, notice: nil, onBehalf: fields.onBehalf,
                                    onBehalfMissing: acting == nil).encodeResponse(status: .unprocessableEntity, for: req)
        }
        // A joint report the Secretariat enters was signed by both partners on the copy it received. An interim report
        // is the writer's alone unless the writer asks the other partner to co-sign it first.
        let cosigned = try report.reportKind.isJoint || (report.reportKind.visitIndex != nil && fields.askCosignature == "yes")
        let joint = cosigned && !entering
        try await req.db.writeTransaction { db in
            try await Self.claim(report, on: db)
            report.setForm(form)
            report.draftedByISO3 = acting
            if entering, cosigned { report.cosignedByISO3 = record.states.first { $0 != acting } }
            report.status = (joint ? ReportModel.Status.awaitingCosignature : .submitted).rawValue
            if !joint {
                report.submittedAt = now
                try await version(report, status: .submitted, comments: "", by: actor, at: now, on: db)
            }
            try await Timeline.record(entering ? "report_entered" : joint ? "report_drafted" : "report_submitted",
                                      ["report": report.kind, "state": acting], partnership: record.model, actor: actor, at: now, on: db)
            if joint {
                try await PartnerMail(app: req.application).send(
                    .reportAwaitingCosignature, to: record.states.filter { $0 != acting }, partnershipStates: record.states,
                    path: record.href + "/reports/\(report.slug)", localized: ["report": Self.kindKey(report)], on: db, now: now)
            }
            try await report.save(on: db)
            if !joint && !entering { try await Self.tellSecretariat(req, record, report, state: acting, on: db, now: now) }
            try await req.audit("submit", entity: "report", key: "\(record.code)/\(report.slug)",
                                after: ["status": report.status, "state": acting, "entered_by_secretariat": entering ? "yes" : "no"], on: db)
        }
        return req.redirect(to: record.href + "/reports/\(report.slug)", confirming: joint ? "done_report_sent_for_cosignature" : "done_report_submitted")
    }

    /// Keeps what was typed; changing a joint report waiting for the partner's signature takes it back to a draft.
    private func saveDraft(_ req: Request, _ record: PartnershipRecord, _ report: ReportModel, form: ReportForm, state: String) async throws {
        let before = report.form
        report.setForm(form)
        guard try report.form != before || report.reportStatus == .awaitingCosignature else { return }
        try await req.db.writeTransaction { db in
            try await Self.claim(report, on: db)
            if try report.reportStatus == .awaitingCosignature { report.status = ReportModel.Status.draft.rawValue }
            try await report.save(on: db)
            try await req.audit("save", entity: "report", key: "\(record.code)/\(report.slug)",
                                after: ["status": report.status, "state": state], on: db)
        }
    }

    /// The locale key of a report's name, for messages written in each recipient's language.
    static func kindKey(_ report: ReportModel) -> String {
        report.kind == ReportKind.followUp.rawValue ? "report_kind_follow_up" : "report_kind_" + report.kind
    }

    /// A report has reached the Secretariat for review: every programme officer is told, in their language. `state`
    /// is the partner that wrote it.
    private static func tellSecretariat(_ req: Request, _ record: PartnershipRecord, _ report: ReportModel, state: String,
                                        on db: any Database, now: Date) async throws {
        let kind = kindKey(report)
        try await PartnerMail(app: req.application).sendToSecretariat(
            .reportSubmitted, about: [state] + record.states.filter { $0 != state }, path: record.href + "/reports/\(report.slug)",
            values: ["code": record.code], localized: ["report": kind].merging(report.due == nil ? ["due": "report_due_unknown"] : [:]) { $1 }, days: report.due.map { ["due": $0] } ?? [:], on: db, now: now)
    }

    /// A programme officer enters reports and signatures the partners sent on paper or by email.
    static func entersForPartners(_ req: Request, _ record: PartnershipRecord) -> Bool {
        record.actingState(req) == nil && record.canManage(req)
    }

    /// The other partner signs a joint report, which then goes to the Secretariat.
    @Sendable func cosign(req: Request) async throws -> Response {
        let (record, report) = try await Self.report(req)
        let other = record.states.first { $0 != report.draftedByISO3 }
        let acting = Self.entersForPartners(req, record) ? other : record.actingState(req)
        guard try report.reportStatus == .awaitingCosignature, let acting, acting != report.draftedByISO3 else {
            throw Abort(.forbidden, reason: req.text("report_not_yours_to_cosign"))
        }
        let now = req.application.clock.now(), actor = req.currentUser?.email ?? ""
        try await req.db.writeTransaction { db in
            try await Self.claim(report, on: db)
            report.cosignedByISO3 = acting
            report.status = ReportModel.Status.submitted.rawValue
            report.submittedAt = now
            try await report.save(on: db)
            try await version(report, status: .submitted, comments: "", by: actor, at: now, on: db)
            try await Timeline.record("report_cosigned", ["report": report.kind, "state": acting], partnership: record.model,
                                      actor: actor, at: now, on: db)
            if !Self.entersForPartners(req, record) {
                try await Self.tellSecretariat(req, record, report, state: report.draftedByISO3 ?? acting, on: db, now: now)
            }
            try await req.audit("cosign", entity: "report", key: "\(record.code)/\(report.slug)", after: ["state": acting], on: db)
        }
        return req.redirect(to: record.href + "/reports/\(report.slug)", confirming: "done_report_cosigned")
    }

    struct Review: Content {
        var decision: String?
        var comments: String?
    }

    /// The Secretariat accepts a submitted report, or returns it for revision with comments.
    @Sendable func review(req: Request) async throws -> Response {
        let (record, report) = try await Self.report(req)
        guard record.canManage(req) else { throw Abort(.forbidden, reason: req.text("error_403_message")) }
        guard try report.reportStatus == .submitted else { throw Abort(.conflict, reason: req.text("report_not_submitted")) }
        let review = try req.content.decode(Review.self)
        let comments = (review.comments ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let decision: ReportModel.Status? = switch review.decision { case "accept": .accepted; case "return": .returned; default: nil }
        guard let decision, decision == .accepted || !comments.isEmpty else {
            let error = req.text(decision == nil ? "report_decision_needed" : "report_comments_needed")
            return try await render(req, record, report, form: report.value(), showProblems: false, notice: nil, reviewError: error)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let now = req.application.clock.now(), actor = req.currentUser?.email ?? ""
        try await req.db.writeTransaction { db in
            try await Self.claim(report, on: db)
            report.status = decision.rawValue
            if decision == .accepted { report.acceptedAt = now } else { report.cosignedByISO3 = nil }
            try await report.save(on: db)
            try await version(report, status: decision, comments: comments, by: actor, at: now, on: db)
            try await Timeline.record("report_" + decision.rawValue, ["report": report.kind], partnership: record.model,
                                      actor: actor, at: now, on: db)
            try await req.audit("review", entity: "report", key: "\(record.code)/\(report.slug)",
                                before: ["status": ReportModel.Status.submitted.rawValue], after: ["status": decision.rawValue, "comments": comments], on: db)
            try await PartnerMail(app: req.application).send(
                decision == .accepted ? .reportAccepted : .reportReturned, to: record.states, partnershipStates: record.states,
                path: record.href + "/reports/\(report.slug)", values: ["comments": comments], localized: ["report": Self.kindKey(report)],
                on: db, now: now)
        }
        return req.redirect(to: record.href + "/reports/\(report.slug)", confirming: decision == .accepted ? "done_report_accepted" : "done_report_returned")
    }

    struct FollowUp: Content {
        var dueOn: String?
        var request: String?
    }

    /// After the final report is accepted, the Secretariat asks the partners for updated indicator values.
    @Sendable func requestFollowUp(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        guard record.canManage(req) else { throw Abort(.forbidden, reason: req.text("error_403_message")) }
        guard try record.reports.contains(where: { try $0.reportKind == .final && $0.reportStatus == .accepted }) else {
            throw Abort(.conflict, reason: req.text("follow_up_needs_final"))
        }
        let form = try req.content.decode(FollowUp.self)
        let request = (form.request ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let today = CivilDate(utc: req.application.clock.now())
        let dueText = (form.dueOn ?? "").trimmingCharacters(in: .whitespaces)
        var problems: [String: String] = [:]
        let due = CivilDate(iso: dueText)
        if due.map({ $0 <= today }) ?? true { problems["dueOn"] = "follow_up_due_needed" }
        if request.isEmpty { problems["request"] = "follow_up_request_needed" }
        guard problems.isEmpty, let due else {
            let page = try await WorkspacePages(req: req).workspace(record, form: "follow_up", values: ["dueOn": dueText, "request": request],
                                                                    problems: problems)
            return try await req.renderPage("workspace/show", title: page.title, page).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let sequence = try record.reports.filter { try $0.reportKind == .followUp }.count + 1
        let now = req.application.clock.now(), actor = req.currentUser?.email ?? ""
        let report = ReportModel(partnershipID: try record.model.requireID(), kind: .followUp, sequence: sequence, dueOn: due, request: request)
        try await req.db.writeTransaction { db in
            try await DataVersion.bump(partnership: try record.model.requireID(), on: db)
            try await report.create(on: db)
            try await Timeline.record("follow_up_requested", ["number": String(sequence), "day": due.description],
                                      partnership: record.model, actor: actor, at: now, on: db)
            try await req.audit("create", entity: "report", key: "\(record.code)/\(report.slug)", after: ["due": due.description, "request": request], on: db)
            try await PartnerMail(app: req.application).send(
                .followUpRequested, to: record.states, partnership: record, link: record.href + "/reports/\(report.slug)",
                values: ["request": request], days: ["due": due], on: db, now: now)
        }
        return req.redirect(to: record.href + "/reports/\(report.slug)", confirming: "done_follow_up_requested")
    }

    // MARK: Helpers

    /// The guarded write that opens every change of a report: only if it is still the version and status read.
    /// The partnership's revision is raised first, as every change in a partnership does (a visit's change
    /// raises it and then moves the reports' due dates), so two changes lock the same rows in the same order.
    private static func claim(_ report: ReportModel, on db: any Database) async throws {
        try await DataVersion.bump(partnership: report.$partnership.id, on: db)
        report.version = try await db.claim(ReportModel.schema, id: try report.requireID(), version: report.version,
                                            expecting: ["status": report.status], entity: "report")
    }

    private func version(_ report: ReportModel, status: ReportModel.Status, comments: String, by: String, at: Date,
                         on db: any Database) async throws {
        let number = (try await ReportVersionModel.query(on: db).filter(\.$report.$id == report.requireID()).max(\.$number) ?? 0) + 1
        try await ReportVersionModel(reportID: try report.requireID(), number: number, status: status, form: report.form,
                                     comments: comments, by: by, at: at).create(on: db)
    }

    private func render(_ req: Request, _ record: PartnershipRecord, _ report: ReportModel, form: ReportForm, showProblems: Bool,
                        notice: String?, reviewError: String? = nil, onBehalf: String? = nil, onBehalfMissing: Bool = false,
                        savedMeanwhile: [String: String] = [:]) async throws -> View {
        var problems = try ReportCheck.problems(form, kind: report.reportKind, framework: record.model.framework())
            .merging(form.boundProblems) { _, bound in bound }
        if onBehalfMissing { problems["onBehalf"] = "report_on_behalf_needed" }
        let page = try await ReportPages(req: req).page(record, report: report, form: form, problems: problems, showProblems: showProblems,
                                                        notice: notice, reviewError: reviewError, onBehalf: onBehalf,
                                                        savedMeanwhile: savedMeanwhile)
        return try await req.renderPage("reports/show", title: page.title, page)
    }

    /// The report in the address, of a partnership the reader may see.
    static func report(_ req: Request) async throws -> (PartnershipRecord, ReportModel) {
        let record = try await PartnershipRecord.load(req)
        guard let report = record.report(req.parameters.get("slug") ?? "") else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return (record, report)
    }
}
