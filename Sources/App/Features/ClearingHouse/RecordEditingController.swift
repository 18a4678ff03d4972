import Fluent
import Foundation
import TandemCore
import Vapor

/// Writing clearing-house records and moving them towards the public: the form of any kind (saved as a draft even
/// half written; sent for review or published only complete), and the steps (submit, recall, publish, return with
/// a reason, confirm as still valid, withdraw). Each save and each step is one guarded write with its audit row.
struct RecordEditingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let house = routes.grouped("clearing-house").grouped(RequireMiddleware(.manageOwnAccount))
        house.get(":kind", "new", use: new)
        house.post(":kind", use: create)
        house.get("records", ":id", "edit", use: edit)
        house.post("records", ":id", use: update)
        house.post("records", ":id", ":step", use: step)
    }

    /// Anyone signed in may start a reference record; a national record is started by a focal point for their own
    /// state, or by the Secretariat for a state.
    static func mayStart(_ kind: RecordKind, _ req: Request) -> Bool {
        guard req.actor.isSignedIn else { return false }
        guard kind.isNational else { return true }
        if AccessPolicy.decide(req.actor, .manageProgramme).isAllowed { return true }
        return req.actor.role == .focalPoint && req.actor.state != nil
    }

    @Sendable func new(req: Request) async throws -> Response {
        let kind = try Self.kind(req)
        guard Self.mayStart(kind, req) else { throw Abort(.forbidden, reason: req.text("error_403_message")) }
        let input = RecordFormPage.Input(document: RecordDocument(), language: req.language, visibility: .public, state: nil, consent: false)
        return try await render(req, kind: kind, input: input, record: nil, errors: [:], status: .ok, formToken: UUID().uuidString)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let kind = try Self.kind(req)
        guard Self.mayStart(kind, req), let user = req.currentUser else { throw Abort(.forbidden, reason: req.text("error_403_message")) }
        let pairs = FormBody.pairs(req)
        var input = Self.input(kind, pairs: pairs, current: nil)
        let secretariat = AccessPolicy.decide(req.actor, .manageProgramme).isAllowed
        if kind.isNational && !secretariat { input.state = req.actor.state }
        let action = Self.action(pairs)
        var errors = Self.problems(req, kind: kind, input: input, sending: action != "save").merging(Self.choiceProblems(req, pairs: pairs)) { $1 }
        if kind.isNational && (input.state.flatMap { req.application.statesDirectory[$0] } == nil) {
            errors["state"] = req.text("record_state_needed")
        }
        // The Secretariat writes a state's record only with its consent, and keeps it up to date under it.
        if kind.isNational && secretariat && !input.consent { errors["consent"] = req.text(Publication.Refusal.consentNeeded.rawValue) }
        guard errors.isEmpty else {
            return try await render(req, kind: kind, input: input, record: nil, errors: errors, status: .unprocessableEntity,
                                    formToken: FormBody.value("formToken", in: pairs).flatMap { UUID(uuidString: $0)?.uuidString } ?? UUID().uuidString)
        }
        let token = FormBody.value("formToken", in: pairs).flatMap { UUID(uuidString: $0)?.uuidString }
        let (record, isNew) = try await StartClearingRecord(kind: kind, draft: Self.draft(input), state: input.state, formToken: token)
            .runOnce(by: user, from: req.remoteAddress?.ipAddress ?? "", app: req.application, on: req.db)
        // Sent again, the form leads to the record it started, as it stands.
        guard isNew else { return req.redirect(to: "/clearing-house/records/" + (try record.requireID().uuidString), redirectType: .normal) }
        return try await after(req, saved: record, action: action, input: input)
    }

    @Sendable func edit(req: Request) async throws -> Response {
        let access = try await RecordAccess.load(req)
        guard access.mayEdit else { throw Abort(.forbidden, reason: req.text("error_403_message")) }
        return try await render(req, kind: access.kind, input: Self.input(access.record, access.document), record: access.record, errors: [:], status: .ok)
    }

    @Sendable func update(req: Request) async throws -> Response {
        let access = try await RecordAccess.load(req)
        guard access.mayEdit, let user = req.currentUser else { throw Abort(.forbidden, reason: req.text("error_403_message")) }
        let pairs = FormBody.pairs(req)
        let input = Self.input(access.kind, pairs: pairs, current: access.record)
        let action = Self.action(pairs)
        let errors = Self.problems(req, kind: access.kind, input: input, sending: action != "save").merging(Self.choiceProblems(req, pairs: pairs)) { $1 }
        guard errors.isEmpty else {
            return try await render(req, kind: access.kind, input: input, record: access.record, errors: errors, status: .unprocessableEntity)
        }
        let basedOn = Int(FormBody.value("version", in: pairs) ?? "") ?? -1
        switch try await SaveClearingRecord(recordID: try access.record.requireID(), draft: Self.draft(input), basedOn: basedOn)
            .run(by: user, from: req.remoteAddress?.ipAddress ?? "", app: req.application, on: req.db) {
        case .stale(let current):
            // What they typed stays on the page; the version moves on so saving again is saving over what they saw.
            return try await render(req, kind: access.kind, input: input, record: current, errors: [:], status: .conflict,
                                    notice: req.text("record_saved_meanwhile"))
        case .saved(let record), .unchanged(let record):
            return try await after(req, saved: record, action: action, input: input)
        }
    }

    /// After a save: a draft stays a draft; "send for review" or "publish" takes that step on the version just saved.
    private func after(_ req: Request, saved record: ClearingRecordModel, action: String, input: RecordFormPage.Input) async throws -> Response {
        let id = try record.requireID()
        let step: Publication.Step? = switch action {
        case "submit": .submit
        case "publish": .publish
        default: nil
        }
        guard let step else { return req.redirect(to: "/clearing-house/records/\(id)", confirming: "done_record_saved") }
        return try await take(req, step, record: record, name: action, basedOn: record.version)
    }

    @Sendable func step(req: Request) async throws -> Response {
        let access = try await RecordAccess.load(req)
        let name = req.parameters.get("step") ?? ""
        let pairs = FormBody.pairs(req)
        let reason = FormBody.value("reason", in: pairs) ?? ""
        let step: Publication.Step
        switch name {
        case "submit": step = .submit
        case "recall": step = .recall
        case "publish": step = .publish
        case "return": step = .return(reason: reason)
        case "confirm": step = .confirm
        case "withdraw": step = .withdraw
        default: throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        if step == .submit || step == .publish {
            // Only a complete record goes to review or to the public: the form shows what is missing, by its field.
            let input = Self.input(access.record, access.document)
            let errors = Self.problems(req, kind: access.kind, input: input, sending: true)
            if !errors.isEmpty && access.mayEdit {
                return try await render(req, kind: access.kind, input: input, record: access.record, errors: errors, status: .unprocessableEntity)
            }
        }
        return try await take(req, step, record: access.record, name: name, basedOn: Int(FormBody.value("version", in: pairs) ?? ""))
    }

    private func take(_ req: Request, _ step: Publication.Step, record: ClearingRecordModel, name: String, basedOn: Int?) async throws -> Response {
        let id = try record.requireID()
        switch try await MoveClearingRecord(recordID: id, step: step, basedOn: basedOn).run(on: req) {
        case .moved:
            return req.redirect(to: "/clearing-house/records/\(id)", confirming: "done_record_" + name)
        case .refused(.reasonNeeded):
            let access = try await RecordAccess.of(record, by: req.currentUser, on: req.db)
            let page = try await RecordPage.make(req, access: access, errors: ["reason": req.text(Publication.Refusal.reasonNeeded.rawValue)])
            return try await req.renderPage("clearing-house/record", title: page.heading, page).encodeResponse(status: .unprocessableEntity, for: req)
        case .refused(.notYours):
            throw Abort(.forbidden, reason: req.text(Publication.Refusal.notYours.rawValue))
        case .refused(let refusal):
            throw Abort(.conflict, reason: req.text(refusal.rawValue))
        }
    }

    // MARK: - Reading the form

    static func kind(_ req: Request) throws -> RecordKind {
        guard let kind = RecordKind(slug: req.parameters.get("kind") ?? "") else { throw Abort(.notFound, reason: req.text("error_404_message")) }
        return kind
    }

    /// What the buttons asked for: save as a draft, send for review, or publish.
    static func action(_ pairs: [(name: String, value: String)]) -> String {
        let sent = FormBody.value("action", in: pairs) ?? "save"
        return ["submit", "publish"].contains(sent) ? sent : "save"
    }

    static func input(_ kind: RecordKind, pairs: [(name: String, value: String)], current: ClearingRecordModel?) -> RecordFormPage.Input {
        func value(_ name: String) -> String? { FormBody.value(name, in: pairs) }
        let language = value("language").flatMap(Language.init(rawValue:)) ?? current?.originalLanguage ?? .en
        return RecordFormPage.Input(
            document: RecordDocument(format: .of(kind), original: language, pairs: pairs), language: language,
            visibility: value("visibility").flatMap(RecordVisibility.init(rawValue:)) ?? current?.recordVisibility ?? .public,
            state: current?.stateISO3 ?? value("state").map { $0.uppercased() }, consent: value("consent") == "yes",
            withFile: current?.filePath != nil)
    }

    static func input(_ record: ClearingRecordModel, _ document: RecordDocument) -> RecordFormPage.Input {
        RecordFormPage.Input(document: document, language: record.originalLanguage, visibility: record.recordVisibility, state: record.stateISO3,
                             consent: record.stateConsent, withFile: record.filePath != nil)
    }

    static func draft(_ input: RecordFormPage.Input) -> ClearingRecordDraft {
        ClearingRecordDraft(document: input.document.stored, visibility: input.visibility, language: input.language, stateConsent: input.consent)
    }

    /// A language or visibility sent that is not one of the form's choices: refused rather than guessed, since
    /// guessing visibility could publish for everyone what was meant for a few.
    static func choiceProblems(_ req: Request, pairs: [(name: String, value: String)]) -> [String: String] {
        var problems: [String: String] = [:]
        if let sent = FormBody.value("language", in: pairs), Language(rawValue: sent) == nil {
            problems["language"] = req.text("record_value_unknown")
        }
        if let sent = FormBody.value("visibility", in: pairs), RecordVisibility(rawValue: sent) == nil {
            problems["visibility"] = req.text("record_value_unknown")
        }
        return problems
    }

    /// Each problem by field, in the reader's words.
    static func problems(_ req: Request, kind: RecordKind, input: RecordFormPage.Input, sending: Bool) -> [String: String] {
        RecordCheck.problems(input.document, .of(kind), knownStates: Set(req.application.statesDirectory.states.map(\.iso3)),
                             today: CivilDate(utc: req.application.clock.now()), sending: sending, withFile: input.withFile)
            .mapValues { key in
                key.hasPrefix("record_day_before_")
                    ? req.localizer.text("record_day_before", req.language, ["field": RecordLabels(req).field(String(key.dropFirst("record_day_before_".count)))])
                    : req.text(key)
            }
    }

    private func render(_ req: Request, kind: RecordKind, input: RecordFormPage.Input, record: ClearingRecordModel?, errors: [String: String],
                        status: HTTPStatus, notice: String? = nil, formToken: String? = nil) async throws -> Response {
        let secretariat = AccessPolicy.decide(req.actor, .manageProgramme).isAllowed
        var buttons = [RecordFormPage.Button(value: "save", label: req.text("record_save_draft"), primary: false)]
        let publication = try record?.publication() ?? Publication()
        if let record {
            let standing = try await MoveClearingRecord.standing(of: req.currentUser, toward: record, on: req.db)
            let today = CivilDate(utc: req.application.clock.now())
            for (step, name) in [(Publication.Step.submit, "submit"), (.publish, "publish")]
            where (try? publication.taking(step, kind: kind, by: standing, today: today).get()) != nil {
                buttons.append(.init(value: name, label: req.text("record_save_and_" + name), primary: true))
            }
        } else if kind.isNational || secretariat {
            buttons.append(.init(value: "publish", label: req.text("record_save_and_publish"), primary: true))
        } else {
            buttons.append(.init(value: "submit", label: req.text("record_save_and_submit"), primary: true))
        }
        if publication.status == .published && !buttons.contains(where: { $0.value != "save" }) {
            buttons = [.init(value: "save", label: req.text("record_save_changes"), primary: true)]
        }
        let id = try record?.requireID().uuidString
        let page = RecordFormPage.make(
            req, kind: kind, input: input, action: id.map { "/clearing-house/records/" + $0 } ?? "/clearing-house/" + kind.slug,
            version: record?.version, buttons: buttons, errors: errors,
            askState: record == nil && kind.isNational && secretariat, askConsent: kind.isNational && secretariat, notice: notice, formToken: formToken)
        return try await req.renderPage("clearing-house/form", title: page.heading + " · " + page.kind, page).encodeResponse(status: status, for: req)
    }
}
