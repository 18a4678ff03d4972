import Fluent
import Foundation
import TandemCore
import Vapor

/// Finalising a partnership's results framework after acceptance, with the mentor and the Secretariat: a partner
/// proposes changes to what the framework says (its shape stays, see `FrameworkChange`), every programme officer is
/// told, and the Secretariat accepts or declines with a comment; accepted changes are the framework's versions, each
/// in the timeline and the audit log. One proposal waits at a time, and the database keeps it so.
extension WorkspaceController {
    struct FrameworkPage: Encodable {
        struct ResultBlock: Encodable {
            let heading: String
            let statement: ApplicationEditor.Field
            let indicators: [[ApplicationEditor.Field]]
        }
        struct AreaBlock: Encodable {
            let heading: String
            let results: [ResultBlock]
        }
        struct ChangeLine: Encodable {
            let number: Int
            let status: String
            let by: String
            let when: String
            let reason: String
            let comment: String
            let differences: [String]
        }
        let title: String
        let href: String
        let csrf: String
        let version: Int
        /// The framework as it stands; editable by a partner when no proposal waits.
        let areas: [AreaBlock]
        let canPropose: Bool
        let reason: String
        let problems: [String]
        let notice: String?
        let pending: ChangeLine?
        let decisionAction: String?
        let history: [ChangeLine]
    }

    func frameworkRoutes(_ routes: any RoutesBuilder) {
        routes.get(":code", "framework", use: framework)
        routes.post(":code", "framework", use: proposeFramework)
        routes.post(":code", "framework", ":number", "decision", use: decideFramework)
    }

    @Sendable func framework(req: Request) async throws -> View {
        let record = try await PartnershipRecord.load(req)
        return try await renderFramework(req, record, proposed: nil, reason: "", problems: [])
    }

    @Sendable func proposeFramework(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        guard let state = record.actingState(req), try record.model.partnershipStatus == .active else {
            throw Abort(.forbidden, reason: req.text("framework_partners_propose"))
        }
        let fields = try req.content.decode(ApplicationFields.self)
        let reason = ((try? req.content.get(String.self, at: "reason")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let current = try record.model.framework()
        var typed = fields.form(areaOrder: []).resultsFramework
        // The areas themselves are not the partner's to change here: they keep their keys.
        for index in typed.areas.indices where current.areas.indices.contains(index) { typed.areas[index].key = current.areas[index].key }
        let proposed = typed
        let problems = FrameworkChange.problems(proposed, current: current, reason: reason)
        guard problems.isEmpty else {
            return try await renderFramework(req, record, proposed: proposed, reason: reason, problems: problems)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let sent = try? req.content.get(Int.self, at: "version")
        guard sent == nil || sent == record.model.version else {
            return try await renderFramework(req, record, proposed: proposed, reason: reason, problems: [],
                                             notice: req.text("workspace_changed_meanwhile")).encodeResponse(status: .conflict, for: req)
        }
        let actor = req.currentUser?.email ?? "", now = req.application.clock.now()
        let partnershipID = try record.model.requireID()
        do {
            try await req.db.writeTransaction { db in
                try await record.claim(on: db)
                let last = try await FrameworkChangeModel.query(on: db).filter(\.$partnership.$id == partnershipID).max(\.$number) ?? 0
                let change = FrameworkChangeModel(partnershipID: partnershipID, number: last + 1, framework: StoredJSON.document(proposed),
                                                  before: StoredJSON.document(current), reason: reason, proposedBy: actor, proposedState: state, proposedAt: now)
                try await change.create(on: db)
                try await Timeline.record("framework_proposed", ["number": String(change.number), "state": state], partnership: record.model,
                                          actor: actor, at: now, on: db)
                try await req.audit("propose", entity: "results_framework", key: "\(record.code)#\(change.number)",
                                    before: current, after: proposed, on: db)
                try await PartnerMail(app: req.application).sendToSecretariat(
                    .frameworkProposed, about: [state] + record.states.filter { $0 != state }, path: record.href + "/framework",
                    values: ["reason": reason, "count": String(FrameworkChange.differences(from: current, to: proposed).count)], on: db, now: now)
            }
        } catch let error where error is ChangeConflict || error.isConstraintViolation {
            let fresh = try await PartnershipRecord.load(req, editing: true)
            return try await renderFramework(req, fresh, proposed: proposed, reason: reason, problems: [],
                                             notice: req.text("framework_proposed_meanwhile")).encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: record.href + "/framework", confirming: "done_framework_proposed")
    }

    @Sendable func decideFramework(req: Request) async throws -> Response {
        let record = try await PartnershipRecord.load(req, editing: true)
        guard record.canManage(req) else { throw Abort(.forbidden, reason: req.text("framework_secretariat_decides")) }
        guard let number = req.parameters.get("number", as: Int.self),
              let change = try await FrameworkChangeModel.query(on: req.db).filter(\.$partnership.$id == record.model.requireID())
                .filter(\.$number == number).first() else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let decision = (try? req.content.get(String.self, at: "decision")).flatMap(FrameworkChange.Status.init(rawValue:))
        let comment = ((try? req.content.get(String.self, at: "comment")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let decision, decision != .proposed, comment.count <= FormBounds.longText, decision == .accepted || !comment.isEmpty else {
            return try await renderFramework(req, record, proposed: nil, reason: "", problems: [],
                                             notice: req.text("framework_decision_needed")).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let actor = req.currentUser?.email ?? "", now = req.application.clock.now()
        let proposed = try StoredValue.document(ResultsFramework.self, change.framework, column: "framework_changes.framework")
        do {
            try await req.db.writeTransaction { db in
                change.version = try await db.claim(FrameworkChangeModel.schema, id: try change.requireID(), version: change.version,
                                                    expecting: ["status": FrameworkChange.Status.proposed.rawValue], entity: "framework_change")
                change.status = decision.rawValue
                change.decidedBy = actor
                change.decidedAt = now
                change.comment = comment
                try await change.save(on: db)
                if decision == .accepted {
                    try await record.claim(on: db)
                    record.model.resultsFramework = StoredJSON.document(proposed)
                    try await record.model.save(on: db)
                }
                try await Timeline.record("framework_" + decision.rawValue, ["number": String(number), "comment": comment],
                                          partnership: record.model, actor: actor, at: now, on: db)
                try await req.audit(decision.rawValue, entity: "results_framework", key: "\(record.code)#\(number)",
                                    after: ["comment": comment], on: db)
                try await PartnerMail(app: req.application).send(
                    decision == .accepted ? .frameworkAccepted : .frameworkDeclined, to: record.states, partnershipStates: record.states,
                    path: record.href + "/framework", values: ["number": String(number), "comment": comment.isEmpty ? "—" : comment], on: db, now: now)
            }
        } catch is ChangeConflict {
            return try await renderFramework(req, try await PartnershipRecord.load(req, editing: true), proposed: nil, reason: "", problems: [],
                                             notice: req.text("framework_decided_meanwhile")).encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: record.href + "/framework", confirming: decision == .accepted ? "done_framework_accepted" : "done_framework_declined")
    }

    private func renderFramework(_ req: Request, _ record: PartnershipRecord, proposed: ResultsFramework?, reason: String,
                                 problems: [ApplicationProblem], notice: String? = nil) async throws -> View {
        let language = req.language, l = req.localizer
        func t(_ key: String, _ values: [String: String] = [:]) -> String { l.text(key, language, values) }
        let current = try record.model.framework()
        let changes = try await FrameworkChangeModel.query(on: req.db).filter(\.$partnership.$id == record.model.requireID())
            .sort(\.$number, .descending).all()
        let pending = changes.first { $0.status == FrameworkChange.Status.proposed.rawValue }
        let canPropose = try pending == nil && record.actingState(req) != nil && record.model.partnershipStatus == .active
        let shown = proposed ?? current
        var checkForm = ApplicationForm()
        checkForm.resultsFramework = shown
        let checklist = ApplicationChecklist(localizer: l, language: language, form: checkForm)
        var errors: [String: String] = [:]
        for problem in problems where errors[problem.field] == nil { errors[problem.field] = checklist.message(problem) }
        func field(_ name: String, _ path: String, _ label: String, _ value: String, long: Bool = false) -> ApplicationEditor.Field {
            ApplicationEditor.Field(name: name, id: ApplicationChecklist.elementID(path), label: t(label), value: value, error: errors[path], long: long)
        }
        let areas = shown.areas.enumerated().map { a, area in
            FrameworkPage.AreaBlock(
                heading: "\(t("application_area")) \(a + 1): " + (area.customName.isEmpty ? t("thematic_area_" + area.key) : area.customName),
                results: ResultLevel.allCases.flatMap { level in
                    (level == .output ? area.outputs : area.outcomes).enumerated().map { r, result in
                        let name = "areas[\(a)][\(level.rawValue)s][\(r)]", path = "resultsFramework.areas[\(a)].\(level.rawValue)s[\(r)]"
                        return FrameworkPage.ResultBlock(
                            heading: "\(t("application_level_" + level.rawValue)) \(r + 1)",
                            statement: field(name + "[statement]", path + ".statement", "application_result_statement", result.statement, long: true),
                            indicators: result.indicators.enumerated().map { i, indicator in
                                ApplicationEditor.indicatorFields(indicator, l, language) { key, value, label in
                                    field("\(name)[indicators][\(i)][\(key)]", "\(path).indicators[\(i)].\(key)", label, value)
                                }
                            })
                    }
                })
        }
        func line(_ change: FrameworkChangeModel) throws -> FrameworkPage.ChangeLine {
            let framework = try StoredValue.document(ResultsFramework.self, change.framework, column: "framework_changes.framework")
            let base = try StoredValue.document(ResultsFramework.self, change.before, column: "framework_changes.before")
            var named = ApplicationForm()
            named.resultsFramework = framework
            let names = ApplicationChecklist(localizer: l, language: language, form: named)
            let differences = FrameworkChange.differences(from: base, to: framework)
            return FrameworkPage.ChangeLine(
                number: change.number, status: t("framework_status_" + change.status), by: change.proposedBy,
                when: language.formatMoment(change.proposedAt), reason: change.reason, comment: change.comment,
                differences: differences.map { difference in
                    let problem = ApplicationProblem(section: 4, field: "resultsFramework." + difference.field, key: "")
                    return "\(names.line(problem).field): \(l.indicatorValue(difference.before, language)) → \(l.indicatorValue(difference.after, language))"
                })
        }
        let page = FrameworkPage(
            title: t("framework_title", ["partners": record.states.map { req.states.name($0, in: language) }.joined(separator: " – ")]),
            href: record.href, csrf: req.csrfToken, version: record.model.version, areas: areas, canPropose: canPropose, reason: reason,
            problems: problems.map { checklist.line($0).field + ": " + checklist.message($0) }, notice: notice,
            pending: try pending.map(line), decisionAction: pending != nil && record.canManage(req) ? record.href + "/framework/\(pending!.number)/decision" : nil,
            history: try changes.filter { $0.status != FrameworkChange.Status.proposed.rawValue }.map(line))
        return try await req.renderPage("workspace/framework", title: page.title, page)
    }
}
