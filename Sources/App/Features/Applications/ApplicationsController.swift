import Fluent
import TandemCore
import Vapor

/// Applications on the web: a focal point's list for their State Party, the Secretariat's list of all with
/// filters and CSV, each application's page and print view, the quarterly review queue and its decisions.
struct ApplicationsController: RouteCollection {
    struct Row: Encodable, Hashable, Sendable {
        let href: String
        let state: String
        let group: String
        let call: String
        let mode: String
        let status: String
        let submitted: String
        let review: String
    }

    struct ListPage: Encodable, Hashable, Sendable {
        let rows: [Row]
        let count: String
        let statuses: [SelectOption]
        let modes: [SelectOption]
        let regionalGroups: [SelectOption]
        let areas: [SelectOption]
        let csvHref: String
        let isSecretariat: Bool
        let pager: PagerContext?
    }

    struct ReviewGroup: Encodable, Hashable, Sendable {
        let date: String
        var rows: [Row]
    }

    struct ReviewPage: Encodable, Hashable, Sendable {
        let groups: [ReviewGroup]
        let count: String
        let modes: [SelectOption]
        let regionalGroups: [SelectOption]
        let areas: [SelectOption]
        let pager: PagerContext?
    }

    struct DetailPage: Encodable {
        struct ReasonField: Encodable {
            let number: String
            let value: String
        }
        let application: ApplicationView
        let csrf: String
        let canDecide: Bool
        let canEdit: Bool
        let canWithdraw: Bool
        /// Once accepted, the report templates the partnership will use (label, address).
        let reportTemplates: [LabelValue]
        let outcomes: [SelectOption]
        let sectionReasons: [ReasonField]
        /// What was typed in the form that came back, by field.
        let values: [String: String]
        let errors: [String: String]
    }

    struct DecisionForm: Content {
        var outcome: String?
        var general: String?
        var section1: String?
        var section2: String?
        var section3: String?
        var section4: String?
        var section5: String?

        /// As typed, by the names of the form's fields.
        var values: [String: String] {
            var values = ["outcome": outcome ?? "", "general": general ?? ""]
            for (number, text) in zip(["1", "2", "3", "4", "5"], [section1, section2, section3, section4, section5]) {
                values["section" + number] = text ?? ""
            }
            return values
        }
    }

    struct WithdrawalForm: Content {
        var reason: String?
    }

    /// Filters read from the query; a value that is not one of the choices is ignored, as on other lists.
    struct Filter {
        var status: ApplicationStatus?
        var mode: PartnershipMode?
        var group: RegionalGroup?
        var area: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireMiddleware(.manageOwnAccount))
        signedIn.get("applications", use: index)
        signedIn.get("applications", ":id", use: show)
        signedIn.get("applications", ":id", "print", use: print)
        let secretariat = routes.grouped(RequireMiddleware(.manageCalls))
        secretariat.get("programme", "review", use: review)
        secretariat.post("applications", ":id", "decision", use: decide)
        signedIn.post("applications", ":id", "withdraw", use: withdraw)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let filter = Self.filter(req)
        let list = Self.list(req, filter, statuses: filter.status.map { [$0] })
        if req.queryValue("format") == "csv" {
            let rows = try await Self.rows(try await list.rows(nil, order: .newest, on: req.db), req)
            return Response.download(CSVWriter.write(
                header: ["state", "regional_group", "call", "mode", "status", "submitted", "review"],
                rows: rows.map { [$0.state, $0.group, $0.call, $0.mode, $0.status, $0.submitted, $0.review] }),
                filename: "applications.csv")
        }
        let total = try await list.count(on: req.db)
        let paging = try PageRequest(req.pageQuery, defaultLimit: PageRequest.pageLimit).clamped(total: total)
        let rows = try await Self.rows(try await list.rows(paging.offset..<(paging.offset + paging.limit), order: .newest, on: req.db), req)
        let language = req.language
        let l = req.localizer
        let page = ListPage(
            rows: rows, count: l.text("applications_count", language, count: total),
            statuses: ApplicationStatus.allCases.map {
                SelectOption(value: $0.rawValue, label: l.text("application_status_" + $0.rawValue, language), selected: $0 == filter.status)
            },
            modes: Self.modeOptions(req, filter), regionalGroups: Self.groupOptions(req, filter), areas: Self.areaOptions(req, filter),
            csvHref: req.link(replacing: ["format": "csv", "page": nil]),
            isSecretariat: AccessPolicy.decide(req.actor, .manageCalls).isAllowed,
            pager: Pager.make(req, paging, total: total))
        return try await req.renderListPage("applications/index", title: req.text("applications_title"), page).encodeResponse(for: req)
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, template: "applications/detail", errors: [:], status: .ok)
    }

    @Sendable func print(req: Request) async throws -> Response {
        try await render(req, template: "applications/print", errors: [:], status: .ok)
    }

    /// Submitted applications by the review date each waits for, first submitted first, a page at a time.
    @Sendable func review(req: Request) async throws -> View {
        let filter = Self.filter(req)
        let list = Self.list(req, filter, statuses: [.submitted])
        let total = try await list.count(on: req.db)
        let paging = try PageRequest(req.pageQuery, defaultLimit: PageRequest.pageLimit).clamped(total: total)
        let rows = try await Self.rows(try await list.rows(paging.offset..<(paging.offset + paging.limit), order: .firstSubmitted, on: req.db), req)
        // Rows come in submission order, so each review date's rows are together (a date of one call may sit
        // between two of another's; it then shows as two groups, each under its date).
        var groups: [ReviewGroup] = []
        for row in rows {
            if groups.last?.date == row.review {
                groups[groups.count - 1].rows.append(row)
            } else {
                groups.append(ReviewGroup(date: row.review, rows: [row]))
            }
        }
        let page = ReviewPage(groups: groups, count: req.localizer.text("applications_count", req.language, count: total),
                              modes: Self.modeOptions(req, filter), regionalGroups: Self.groupOptions(req, filter),
                              areas: Self.areaOptions(req, filter), pager: Pager.make(req, paging, total: total))
        return try await req.renderListPage("applications/review", title: req.text("review_title"), page)
    }

    @Sendable func decide(req: Request) async throws -> Response {
        guard let application = try await req.applications.find(req.parameters.get("id")) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let form = try req.content.decode(DecisionForm.self)
        var reasons: [String: String] = [:]
        for (key, value) in [("general", form.general), ("1", form.section1), ("2", form.section2), ("3", form.section3),
                             ("4", form.section4), ("5", form.section5)] {
            let text = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { reasons[key] = String(text.prefix(2000)) }
        }
        guard try application.applicationStatus == .submitted else {
            return try await render(req, template: "applications/detail", errors: ["outcome": req.text("review_not_submitted")],
                                    status: .conflict, application: application, values: form.values)
        }
        guard let outcome = form.outcome.flatMap(ApplicationDecision.Outcome.init(rawValue:)) else {
            return try await render(req, template: "applications/detail", errors: ["outcome": req.text("review_outcome_needed")],
                                    status: .unprocessableEntity, application: application, values: form.values)
        }
        let decision = ApplicationDecision(outcome: outcome, reasons: reasons)
        guard decision.problems.isEmpty else {
            return try await render(req, template: "applications/detail", errors: decision.problems.mapValues { req.text($0) },
                                    status: .unprocessableEntity, application: application, values: form.values)
        }
        try await decision.apply(to: application, on: req)
        return req.redirect(to: "/applications/\(try application.requireID().uuidString)", confirming: "done_decision_recorded")
    }

    /// The state's focal point (or the Secretariat for it) takes the application back.
    @Sendable func withdraw(req: Request) async throws -> Response {
        let application = try await Self.readableTarget(req, nil)
        guard AccessPolicy.decide(req.actor, .editStateRecords(state: application.stateISO3)).isAllowed else {
            throw Abort(.forbidden, reason: req.text("error_403_message"))
        }
        let reason = try req.content.decode(WithdrawalForm.self).reason ?? ""
        if let refusal = try await req.applicationWithdrawal.refusal(application) {
            return try await render(req, template: "applications/detail", errors: ["withdraw": req.text(refusal)], status: .conflict,
                                    application: application, values: ["withdraw_reason": reason])
        }
        try await req.applicationWithdrawal.withdraw(application, reason: reason)
        return req.redirect(to: "/applications/\(try application.requireID().uuidString)", confirming: "done_application_withdrawn")
    }

    // MARK: - Helpers

    private func render(_ req: Request, template: String, errors: [String: String], status: HTTPStatus,
                        application: ApplicationModel? = nil, values: [String: String] = [:]) async throws -> Response {
        let found = try await Self.readableTarget(req, application)
        let view = try await ApplicationView.make(found, req)
        let mayEdit = AccessPolicy.decide(req.actor, .editStateRecords(state: found.stateISO3)).isAllowed
        let outcomes = [("accepted", "review_accept"), ("returned", "review_return"), ("not_accepted", "review_refuse")].map {
            SelectOption(value: $0.0, label: req.text($0.1), selected: values["outcome"] == $0.0)
        }
        let page = DetailPage(application: view, csrf: req.csrfToken,
                              canDecide: try AccessPolicy.decide(req.actor, .manageCalls).isAllowed && found.applicationStatus == .submitted,
                              canEdit: try mayEdit && found.applicationStatus.isEditable,
                              // A refused withdrawal shows its reason where the form was.
                              canWithdraw: try mayEdit && (found.applicationStatus.isActive || errors["withdraw"] != nil),
                              reportTemplates: try ReportTemplatesController.links(found, req), outcomes: outcomes,
                              sectionReasons: ["1", "2", "3", "4", "5"].map { .init(number: $0, value: values["section" + $0] ?? "") },
                              values: values, errors: errors)
        return try await req.renderPage(template, title: req.localizer.text("application_title", req.language, ["state": view.state]), page)
            .encodeResponse(status: status, for: req)
    }

    /// The application in the address, if the person may read its State Party's records.
    private static func readableTarget(_ req: Request, _ known: ApplicationModel?) async throws -> ApplicationModel {
        var found = known
        if found == nil { found = try await req.applications.find(req.parameters.get("id")) }
        guard let application = found else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        guard AccessPolicy.decide(req.actor, .readStateRecords(state: application.stateISO3)).isAllowed else {
            throw Abort(.forbidden, reason: req.text("error_403_message"))
        }
        return application
    }

    private static func list(_ req: Request, _ filter: Filter, statuses: [ApplicationStatus]?) -> ApplicationList {
        ApplicationList(scope: AccessPolicy.readableStates(req.actor),
                        filter: .init(statuses: statuses, mode: filter.mode,
                                      states: filter.group.map { group in req.states.states.filter { $0.regionalGroup == group }.map(\.iso3) },
                                      area: filter.area))
    }

    /// The printed rows, with each call read once.
    private static func rows(_ listed: [ApplicationList.Row], _ req: Request) async throws -> [Row] {
        let calls = try await req.application.callsCache.calls(on: req.db)
        let language = req.language
        let l = req.localizer
        return listed.map { application in
            let call = calls[application.callID]
            let day = application.submittedAt.map { CivilDate(utc: $0) }
            let review = day.flatMap { day in call.flatMap { ReviewSchedule.review(for: day, among: $0.reviewDates) } }
            return Row(href: "/applications/\(application.id.uuidString)", state: req.states.name(application.stateISO3, in: language),
                       group: req.states[application.stateISO3].map { l.groupName($0.regionalGroup, language) } ?? "",
                       call: call?.title(in: language) ?? "", mode: application.mode.map { l.text("application_mode_" + $0, language) } ?? "—",
                       status: l.text("application_status_" + application.status, language),
                       submitted: day.map(language.format) ?? "—", review: review.map(language.format) ?? "—")
        }
    }

    private static func filter(_ req: Request) -> Filter {
        func value(_ name: String) -> String? { req.queryValue(name).flatMap { $0.isEmpty ? nil : $0 } }
        return Filter(status: value("status").flatMap(ApplicationStatus.init(rawValue:)), mode: value("mode").flatMap(PartnershipMode.init(rawValue:)),
                      group: value("group").flatMap(RegionalGroup.init(slug:)),
                      area: value("area").flatMap { key in ThematicArea.annex2.contains { $0.key == key } ? key : nil })
    }

    private static func modeOptions(_ req: Request, _ filter: Filter) -> [SelectOption] {
        PartnershipMode.allCases.map {
            SelectOption(value: $0.rawValue, label: req.localizer.text("application_mode_" + $0.rawValue, req.language), selected: $0 == filter.mode)
        }
    }

    private static func groupOptions(_ req: Request, _ filter: Filter) -> [SelectOption] {
        RegionalGroup.allCases.map {
            SelectOption(value: $0.slug, label: req.localizer.groupName($0, req.language), selected: $0 == filter.group)
        }
    }

    private static func areaOptions(_ req: Request, _ filter: Filter) -> [SelectOption] {
        ThematicArea.annex2.map {
            SelectOption(value: $0.key, label: req.localizer.text("thematic_area_" + $0.key, req.language), selected: $0.key == filter.area)
        }
    }
}
