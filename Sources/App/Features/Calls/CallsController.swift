import Fluent
import TandemCore
import Vapor

/// Calls for expressions of interest: public pages for each open or closed call, and the Secretariat's
/// form to prepare and edit them.
struct CallsController: RouteCollection {
    struct ListPage: Encodable {
        struct Row: Encodable {
            let href: String
            let title: String
            let period: String
            let status: String
        }
        let rows: [Row]
        let canManage: Bool
    }

    struct DetailPage: Encodable {
        let title: String
        let reference: String
        let status: String
        let opens: String
        let closes: String
        let rules: [LabelValue]
        let reviewDates: [String]
        let areas: [LabelValue]
        let editHref: String?
        let matchingHref: String
        let applyAction: String?
        /// For the Secretariat entering a paper form: the states to choose from.
        let applyStates: [SelectOption]
        let csrf: String
        /// Objectives, who may apply, what is paid, contacts: those the call has words for.
        let parts: [CallPart]
        /// The call's annexes, generated from it in the reader's language (label, address).
        let annexes: [LabelValue]
        /// The focal point's state's applications to earlier calls, to start the new one from.
        let earlier: [SelectOption]
    }

    struct FormPage: Encodable {
        struct AreaChoice: Encodable {
            let key: String
            let name: String
            let options: [SelectOption]
        }
        let csrf: String
        let action: String
        let isNew: Bool
        let form: CallForm
        let statuses: [SelectOption]
        let areas: [AreaChoice]
        /// Once applications to the call exist, its areas are fixed: their results frameworks are built on them.
        let areasFixed: Bool
        let errors: [String: String]
        /// The call's words, one set of fields per language.
        let texts: [TextLanguage]
    }

    struct TextLanguage: Encodable {
        struct Part: Encodable {
            let name: String
            let id: String
            let label: String
            let value: String
            let long: Bool
            let error: String?
        }
        let code: String
        let name: String
        let parts: [Part]
    }

    struct CallPart: Encodable {
        let id: String
        let heading: String
        let text: String
        /// Said when the part is shown in English because it is not written in the reader's language.
        let note: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let calls = routes.grouped("programme", "calls")
        calls.get(use: index)
        calls.get(":slug", use: show)
        let managing = calls.grouped(RequireMiddleware(.manageCalls))
        managing.get("new", use: new)
        managing.post(use: create)
        managing.get(":slug", "edit", use: edit)
        managing.post(":slug", use: update)
    }

    @Sendable func index(req: Request) async throws -> View {
        let canManage = AccessPolicy.decide(req.actor, .manageCalls).isAllowed
        let calls = try await CallModel.query(on: req.db).sort(\.$opensOn, .descending).all().map { try $0.value() }
            .filter { canManage || $0.isPublic }
        let language = req.language
        let page = ListPage(
            rows: calls.map {
                .init(href: "/programme/calls/\($0.slug)", title: $0.title(in: req.language),
                      period: language.format($0.opens) + " – " + language.format($0.closes),
                      status: req.localizer.text("call_status_" + $0.status.rawValue, language))
            },
            canManage: canManage)
        return try await req.renderPage("calls/index", title: req.text("calls_title"), page)
    }

    @Sendable func show(req: Request) async throws -> View {
        let call = try await Self.call(req)
        let language = req.language
        let localizer = req.localizer
        let rules = call.rules
        func line(_ key: String, _ value: Int) -> LabelValue {
            LabelValue(label: localizer.text("call_rule_" + key, language), value: language.format(value))
        }
        let parts = CallForm.textParts.dropFirst().compactMap { part -> CallPart? in
            guard let (text, inEnglish) = call.text(part.path, in: language) else { return nil }
            return CallPart(id: "call-" + part.name, heading: localizer.text("call_text_" + part.name, language), text: text,
                            note: inEnglish ? localizer.text("call_text_in_english", language) : nil)
        }
        var earlier: [SelectOption] = []
        if Self.canApply(req, call), let state = req.currentUser?.stateISO3, let model = try await CallModel.query(on: req.db).filter(\.$slug == call.slug).first() {
            let calls = try await req.application.callsCache.calls(on: req.db)
            earlier = try await ApplicationModel.query(on: req.db).filter(\.$stateISO3 == state).filter(\.$call.$id != model.requireID())
                .sort(\.$createdAt, .descending).all().map { application in
                    SelectOption(value: try application.requireID().uuidString,
                                 label: localizer.text("application_start_from_earlier", language,
                                                       ["call": calls[application.$call.id]?.title(in: language) ?? "",
                                                        "status": localizer.text("application_status_" + application.status, language)]),
                                 selected: false)
                }
        }
        let page = DetailPage(
            title: call.title(in: language), reference: call.reference,
            status: localizer.text("call_status_" + call.status.rawValue, language),
            opens: language.format(call.opens), closes: language.format(call.closes),
            rules: CallForm.ruleFields.map { line($0.name, rules[keyPath: $0.path]) },
            reviewDates: call.reviewDates.map(language.format),
            areas: call.thematicAreas.map {
                LabelValue(label: localizer.text("thematic_area_" + $0.key, language),
                           value: $0.mandatoryForMentees ? localizer.text("call_area_mandatory", language) : "")
            },
            editHref: AccessPolicy.decide(req.actor, .manageCalls).isAllowed ? "/programme/calls/\(call.slug)/edit" : nil,
            matchingHref: "/programme/calls/\(call.slug)/matching",
            applyAction: Self.canApply(req, call) ? "/programme/calls/\(call.slug)/apply" : nil,
            applyStates: AccessPolicy.decide(req.actor, .manageCalls).isAllowed
                ? req.states.search(nil, group: nil, language: language).map { SelectOption(value: $0.iso3, label: $0.name(in: language), selected: false) }
                : [],
            csrf: req.csrfToken, parts: parts,
            annexes: ["1", "2"].map { LabelValue(label: localizer.text("call_annex_\($0)", language), value: "/programme/calls/\(call.slug)/annex-\($0)") },
            earlier: earlier)
        return try await req.renderPage("calls/detail", title: call.title(in: language), page)
    }

    @Sendable func new(req: Request) async throws -> Response {
        let today = CivilDate(utc: req.application.clock.now())
        let template = Call(slug: "", title: "", reference: "", opens: today, closes: today.adding(years: 2), status: .draft,
                            rules: .current, reviewDates: [], thematicAreas: ThematicArea.annex2)
        var form = CallForm(template)
        form.reviewDates = ""
        return try await render(req, form: form, isNew: true, errors: [:], status: .ok)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(CallForm.self)
        switch form.call(currentAreas: ThematicArea.annex2) {
        case .failure(let problems):
            return try await render(req, form: form, isNew: true, errors: problems.fields.mapValues { req.text($0) }, status: .unprocessableEntity)
        case .success(let call):
            guard try await CallModel.query(on: req.db).filter(\.$slug == call.slug).first() == nil else {
                return try await render(req, form: form, isNew: true, errors: ["slug": req.text("call_slug_taken")], status: .unprocessableEntity)
            }
            try await req.db.writeTransaction { db in
                try await CallModel(call).create(on: db)
                try await req.audit("create", entity: "call", key: call.slug, after: call, on: db)
            }
            return req.redirect(to: "/programme/calls/\(call.slug)", redirectType: .normal)
        }
    }

    @Sendable func edit(req: Request) async throws -> Response {
        let model = try await Self.model(req)
        let call = try await Self.call(req)
        var form = CallForm(call)
        form.version = String(model.version)
        return try await render(req, form: form, isNew: false, errors: [:], status: .ok, areasFixed: try await Self.hasApplications(call, req))
    }

    /// The address stays: applications and links refer to it.
    @Sendable func update(req: Request) async throws -> Response {
        let model = try await Self.model(req)
        let before = try model.value()
        var form = try req.content.decode(CallForm.self)
        form.slug = before.slug
        let areasFixed = try await Self.hasApplications(before, req)
        if areasFixed { form.areas = nil }
        switch form.call(currentAreas: before.thematicAreas, currentTexts: before.texts) {
        case .failure(let problems):
            if areasFixed { form.areas = CallForm(before).areas }
            return try await render(req, form: form, isNew: false, errors: problems.fields.mapValues { req.text($0) }, status: .unprocessableEntity,
                                    areasFixed: areasFixed)
        case .success(let call):
            do {
                // Only over the version the form was drawn from, and only if nobody saved it since it was read.
                if let sent = form.version, try StoredVersion.sent(sent) != model.version { throw ChangeConflict(entity: "call") }
                try await req.db.writeTransaction { db in
                    model.version = try await db.claim(CallModel.schema, id: try model.requireID(), version: model.version, entity: "call")
                    model.update(from: call)
                    try await model.save(on: db)
                    try await req.audit("update", entity: "call", key: call.slug, before: before, after: call, on: db)
                }
            } catch is ChangeConflict {
                let current = try await Self.model(req)
                form.version = String(current.version)
                if areasFixed { form.areas = CallForm(try current.value()).areas }
                return try await render(req, form: form, isNew: false, errors: ["title": req.text("call_saved_meanwhile")], status: .conflict,
                                        areasFixed: areasFixed)
            }
            return req.redirect(to: "/programme/calls/\(call.slug)", redirectType: .normal)
        }
    }

    /// Focal points of a state and the Secretariat may start an application to an open call.
    private static func canApply(_ req: Request, _ call: Call) -> Bool {
        guard call.status == .open, let user = req.currentUser else { return false }
        if AccessPolicy.decide(req.actor, .manageCalls).isAllowed { return true }
        return user.stateISO3.map { AccessPolicy.decide(req.actor, .editStateRecords(state: $0)).isAllowed } ?? false
    }

    /// A draft is not found by those who may not manage calls.
    static func call(_ req: Request) async throws -> Call {
        let call = try await model(req).value()
        guard call.isPublic || AccessPolicy.decide(req.actor, .manageCalls).isAllowed else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return call
    }

    static func model(_ req: Request) async throws -> CallModel {
        guard let model = try await CallModel.query(on: req.db).filter(\.$slug == (req.parameters.get("slug") ?? "")).first() else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return model
    }


    private static func hasApplications(_ call: Call, _ req: Request) async throws -> Bool {
        guard let model = try await CallModel.query(on: req.db).filter(\.$slug == call.slug).first() else { return false }
        return try await ApplicationModel.query(on: req.db).filter(\.$call.$id == model.requireID()).count() > 0
    }

    private func render(_ req: Request, form: CallForm, isNew: Bool, errors: [String: String], status: HTTPStatus,
                        areasFixed: Bool = false) async throws -> Response {
        let language = req.language
        let chosen = form.areas ?? [:]
        let keys = ThematicArea.annex2.map(\.key) + chosen.keys.sorted().filter { key in !ThematicArea.annex2.contains { $0.key == key } }
        let texts = Language.allCases.map { other in
            TextLanguage(code: other.rawValue, name: req.localizer.text("language_name", other), parts: CallForm.textParts.map { part in
                let name = "texts[\(other.rawValue)][\(part.name)]"
                return .init(name: name, id: "text-\(other.rawValue)-\(part.name)", label: req.localizer.text("call_text_" + part.name, language),
                             value: form.texts?[other.rawValue]?[part.name] ?? "", long: part.name != "title", error: errors[name])
            })
        }
        let page = FormPage(
            csrf: req.csrfToken, action: isNew ? "/programme/calls" : "/programme/calls/\(form.slug ?? "")", isNew: isNew, form: form,
            statuses: Call.Status.allCases.map {
                SelectOption(value: $0.rawValue, label: req.localizer.text("call_status_" + $0.rawValue, language), selected: $0.rawValue == form.status)
            },
            areas: keys.map { key in
                .init(key: key, name: req.localizer.text("thematic_area_" + key, language),
                      options: [("", "call_area_left_out"), ("optional", "call_area_optional"), ("mandatory", "call_area_choice_mandatory")].map {
                          SelectOption(value: $0.0, label: req.localizer.text($0.1, language), selected: (chosen[key] ?? "") == $0.0)
                      })
            },
            areasFixed: areasFixed, errors: errors, texts: texts)
        return try await req.renderPage("calls/form", title: req.text(isNew ? "call_new_title" : "call_edit_title"), page)
            .encodeResponse(status: status, for: req)
    }
}
