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
        let form = report.value()
        return try await render(req, record, report, form: form, showProblems: false, notice: nil)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let (record, report) = try await Self.report(req)
        guard let acting = record.actingState(req), record.canEdit(req), report.isWithPartners,
              !(report.reportStatus == .awaitingCosignature && report.draftedByISO3 != acting) else {
            throw Abort(.forbidden, reason: req.text("report_not_yours_to_edit"))
        }
        let fields = try req.content.decode(ReportFields.self)
        let form = fields.form
        let now = req.application.clock.now(), actor = req.currentUser?.email ?? ""
        let problems = ReportCheck.problems(form, kind: report.reportKind, framework: record.model.framework())
        let submitting = fields.action == "submit"
        if submitting, !problems.isEmpty {
            try await store(req, record, report, form: form)
            return try await render(req, record, report, form: form, showProblems: true, notice: nil)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let joint = report.reportKind.isJoint
        try await req.db.transaction { db in
            report.setForm(form)
            // Changing a joint report waiting for the partner's signature takes it back to a draft.
            if report.reportStatus == .awaitingCosignature { report.status = ReportModel.Status.draft.rawValue }
            if submitting {
                report.draftedByISO3 = acting
                report.status = (joint ? ReportModel.Status.awaitingCosignature : .submitted).rawValue
                if !joint {
                    report.submittedAt = now
                    try await version(report, status: .submitted, comments: "", by: actor, at: now, on: db)
                }
                try await Timeline.record(joint ? "report_drafted" : "report_submitted", ["report": report.kind, "state": acting],
                                          partnership: record.model, actor: actor, at: now, on: db)
                if joint {
                    try await PartnerMail(app: req.application).send(
                        .reportAwaitingCosignature, to: record.states.filter { $0 != acting }, partnership: record,
                        link: record.href + "/reports/\(report.slug)", values: ["report": ReportTitle(req: req).name(report)], on: db, now: now)
                }
            }
            try await report.save(on: db)
            try await req.audit(submitting ? "submit" : "save", entity: "report", key: "\(record.code)/\(report.slug)",
                                after: ["status": report.status, "state": acting], on: db)
        }
        if fields.action == "autosave" { return Response(status: .noContent) }
        if submitting { return req.redirect(to: record.href + "/reports/\(report.slug)", redirectType: .normal) }
        return try await render(req, record, report, form: form, showProblems: false, notice: req.text("report_draft_saved"))
            .encodeResponse(for: req)
    }

    /// The other partner signs a joint report, which then goes to the Secretariat.
    @Sendable func cosign(req: Request) async throws -> Response {
        let (record, report) = try await Self.report(req)
        guard report.reportStatus == .awaitingCosignature, let acting = record.actingState(req), acting != report.draftedByISO3 else {
            throw Abort(.forbidden, reason: req.text("report_not_yours_to_cosign"))
        }
        let now = req.application.clock.now(), actor = req.currentUser?.email ?? ""
        try await req.db.transaction { db in
            report.cosignedByISO3 = acting
            report.status = ReportModel.Status.submitted.rawValue
            report.submittedAt = now
            try await report.save(on: db)
            try await version(report, status: .submitted, comments: "", by: actor, at: now, on: db)
            try await Timeline.record("report_cosigned", ["report": report.kind, "state": acting], partnership: record.model,
                                      actor: actor, at: now, on: db)
            try await req.audit("cosign", entity: "report", key: "\(record.code)/\(report.slug)", after: ["state": acting], on: db)
        }
        return req.redirect(to: record.href + "/reports/\(report.slug)", redirectType: .normal)
    }

    struct Review: Content {
        var decision: String?
        var comments: String?
    }

    /// The Secretariat accepts a submitted report, or returns it for revision with comments.
    @Sendable func review(req: Request) async throws -> Response {
        let (record, report) = try await Self.report(req)
        guard record.canManage(req) else { throw Abort(.forbidden, reason: req.text("error_403_message")) }
        guard report.reportStatus == .submitted else { throw Abort(.conflict, reason: req.text("report_not_submitted")) }
        let review = try req.content.decode(Review.self)
        let comments = (review.comments ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let decision: ReportModel.Status? = switch review.decision { case "accept": .accepted; case "return": .returned; default: nil }
        guard let decision, decision == .accepted || !comments.isEmpty else {
            let error = req.text(decision == nil ? "report_decision_needed" : "report_comments_needed")
            return try await render(req, record, report, form: report.value(), showProblems: false, notice: nil, reviewError: error)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let now = req.application.clock.now(), actor = req.currentUser?.email ?? ""
        try await req.db.transaction { db in
            report.status = decision.rawValue
            if decision == .accepted { report.acceptedAt = now } else { report.cosignedByISO3 = nil }
            try await report.save(on: db)
            try await version(report, status: decision, comments: comments, by: actor, at: now, on: db)
            try await Timeline.record("report_" + decision.rawValue, ["report": report.kind], partnership: record.model,
                                      actor: actor, at: now, on: db)
            try await req.audit("review", entity: "report", key: "\(record.code)/\(report.slug)",
                                before: ["status": ReportModel.Status.submitted.rawValue], after: ["status": decision.rawValue, "comments": comments], on: db)
            try await PartnerMail(app: req.application).send(
                decision == .accepted ? .reportAccepted : .reportReturned, to: record.states, partnership: record,
                link: record.href + "/reports/\(report.slug)", values: ["report": ReportTitle(req: req).name(report), "comments": comments],
                on: db, now: now)
        }
        return req.redirect(to: record.href + "/reports/\(report.slug)", redirectType: .normal)
    }

    struct FollowUp: Content {
        var dueOn: String?
        var request: String?
    }

    /// After the final report is accepted, the Secretariat asks the partners for updated indicator values.
    @Sendable func requestFollowUp(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        guard record.canManage(req) else { throw Abort(.forbidden, reason: req.text("error_403_message")) }
        guard record.reports.contains(where: { $0.reportKind == .final && $0.reportStatus == .accepted }) else {
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
        let sequence = record.reports.filter { $0.reportKind == .followUp }.count + 1
        let now = req.application.clock.now(), actor = req.currentUser?.email ?? ""
        let report = ReportModel(partnershipID: try record.model.requireID(), kind: .followUp, sequence: sequence, dueOn: due, request: request)
        try await req.db.transaction { db in
            try await report.create(on: db)
            try await Timeline.record("follow_up_requested", ["number": String(sequence), "day": due.description],
                                      partnership: record.model, actor: actor, at: now, on: db)
            try await req.audit("create", entity: "report", key: "\(record.code)/\(report.slug)", after: ["due": due.description, "request": request], on: db)
            try await PartnerMail(app: req.application).send(
                .followUpRequested, to: record.states, partnership: record, link: record.href + "/reports/\(report.slug)",
                values: ["request": request], days: ["due": due], on: db, now: now)
        }
        return req.redirect(to: record.href + "/reports/\(report.slug)", redirectType: .normal)
    }

    // MARK: Helpers

    private func store(_ req: Request, _ record: PartnershipRecord, _ report: ReportModel, form: ReportForm) async throws {
        report.setForm(form)
        try await report.save(on: req.db)
    }

    private func version(_ report: ReportModel, status: ReportModel.Status, comments: String, by: String, at: Date,
                         on db: any Database) async throws {
        let number = (try await ReportVersionModel.query(on: db).filter(\.$report.$id == report.requireID()).max(\.$number) ?? 0) + 1
        try await ReportVersionModel(reportID: try report.requireID(), number: number, status: status, form: report.form,
                                     comments: comments, by: by, at: at).create(on: db)
    }

    private func render(_ req: Request, _ record: PartnershipRecord, _ report: ReportModel, form: ReportForm, showProblems: Bool,
                        notice: String?, reviewError: String? = nil) async throws -> View {
        let problems = ReportCheck.problems(form, kind: report.reportKind, framework: record.model.framework())
        let page = try await ReportPages(req: req).page(record, report: report, form: form, problems: problems, showProblems: showProblems,
                                                        notice: notice, reviewError: reviewError)
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
