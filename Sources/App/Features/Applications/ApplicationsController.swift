import Fluent
import TandemCore
import Vapor

/// Applications on the web: a focal point's list for their State Party, the Secretariat's list of all with
/// filters and CSV, each application's page and print view, the quarterly review queue and its decisions.
struct ApplicationsController: RouteCollection {
    struct Row: Encodable {
        let href: String
        let state: String
        let group: String
        let call: String
        let mode: String
        let status: String
        let submitted: String
        let review: String
    }

    struct ListPage: Encodable {
        let rows: [Row]
        let count: String
        let statuses: [SelectOption]
        let modes: [SelectOption]
        let regionalGroups: [SelectOption]
        let areas: [SelectOption]
        let csvHref: String
        let isSecretariat: Bool
    }

    struct ReviewGroup: Encodable {
        let date: String
        let rows: [Row]
    }

    struct ReviewPage: Encodable {
        let groups: [ReviewGroup]
        let modes: [SelectOption]
        let regionalGroups: [SelectOption]
        let areas: [SelectOption]
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
        let rows = try await Self.rows(req, filter: filter, statuses: filter.status.map { [$0] })
        if (try? req.query.get(String.self, at: "format")) == "csv" {
            return Response.download(CSVWriter.write(
                header: ["state", "regional_group", "call", "mode", "status", "submitted", "review"],
                rows: rows.map { [$0.state, $0.group, $0.call, $0.mode, $0.status, $0.submitted, $0.review] }),
                filename: "applications.csv")
        }
        let language = req.language
        let l = req.localizer
        let page = ListPage(
            rows: rows, count: l.text("applications_count", language, ["count": language.format(rows.count)]),
            statuses: ApplicationStatus.allCases.map {
                SelectOption(value: $0.rawValue, label: l.text("application_status_" + $0.rawValue, language), selected: $0 == filter.status)
            },
            modes: Self.modeOptions(req, filter), regionalGroups: Self.groupOptions(req, filter), areas: Self.areaOptions(req, filter),
            csvHref: req.link(replacing: ["format": "csv"]),
            isSecretariat: AccessPolicy.decide(req.actor, .manageCalls).isAllowed)
        return try await req.renderPage("applications/index", title: req.text("applications_title"), page).encodeResponse(for: req)
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await render(req, template: "applications/detail", errors: [:], status: .ok)
    }

    @Sendable func print(req: Request) async throws -> Response {
        try await render(req, template: "applications/print", errors: [:], status: .ok)
    }

    /// Submitted applications by the review date each waits for.
    @Sendable func review(req: Request) async throws -> View {
        let filter = Self.filter(req)
        let submitted = try await Self.readable(req).filter { try $0.applicationStatus == .submitted }
        var byDate: [String: [Row]] = [:]
        for application in submitted where try Self.matches(application, filter, req) {
            let call = try application.call.value()
            let day = application.submittedAt.map { CivilDate(utc: $0) }
            let date = day.flatMap { ReviewSchedule.review(for: $0, among: call.reviewDates) }
            byDate[date.map { req.language.format($0) + "|" + $0.description } ?? "—|9999", default: []].append(try Self.row(application, req))
        }
        let groups = byDate.sorted { $0.key.split(separator: "|").last! < $1.key.split(separator: "|").last! }.map {
            ReviewGroup(date: String($0.key.split(separator: "|").first!), rows: $0.value)
        }
        let page = ReviewPage(groups: groups, modes: Self.modeOptions(req, filter), regionalGroups: Self.groupOptions(req, filter),
                              areas: Self.areaOptions(req, filter))
        return try await req.renderPage("applications/review", title: req.text("review_title"), page)
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
        return req.redirect(to: "/applications/\(try application.requireID().uuidString)", redirectType: .normal)
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
        return req.redirect(to: "/applications/\(try application.requireID().uuidString)", redirectType: .normal)
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
                              canWithdraw: try mayEdit && (found.applicationStatus.isActive || errors["withdraw"] != nil), outcomes: outcomes,
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

    private static func readable(_ req: Request) async throws -> [ApplicationModel] {
        try await ApplicationModel.query(on: req.db).with(\.$call).sort(\.$submittedAt, .descending).sort(\.$createdAt, .descending).all()
            .filter { AccessPolicy.decide(req.actor, .readStateRecords(state: $0.stateISO3)).isAllowed }
    }

    private static func rows(_ req: Request, filter: Filter, statuses: [ApplicationStatus]?) async throws -> [Row] {
        try await readable(req).filter { application in
            try (statuses?.contains(application.applicationStatus) ?? true) && matches(application, filter, req)
        }.map { try row($0, req) }
    }

    private static func matches(_ application: ApplicationModel, _ filter: Filter, _ req: Request) throws -> Bool {
        let form = try application.value()
        if let mode = filter.mode, form.mode != mode { return false }
        if let group = filter.group, req.states[application.stateISO3]?.regionalGroup != group { return false }
        if let area = filter.area {
            let areas = form.needs.map(\.key) + form.expertise.map(\.key) + form.resultsFramework.areas.map(\.key)
            if !areas.contains(area) { return false }
        }
        return true
    }

    private static func row(_ application: ApplicationModel, _ req: Request) throws -> Row {
        let language = req.language
        let l = req.localizer
        let form = try application.value()
        let call = try application.call.value()
        let day = application.submittedAt.map { CivilDate(utc: $0) }
        let review = day.flatMap { ReviewSchedule.review(for: $0, among: call.reviewDates) }
        return Row(href: "/applications/\(try application.requireID().uuidString)", state: req.states.name(application.stateISO3, in: language),
                   group: req.states[application.stateISO3].map { l.groupName($0.regionalGroup, language) } ?? "",
                   call: call.title, mode: form.mode.map { l.text("application_mode_" + $0.rawValue, language) } ?? "—",
                   status: l.text("application_status_" + application.status, language),
                   submitted: day.map(language.format) ?? "—", review: review.map(language.format) ?? "—")
    }


    private static func filter(_ req: Request) -> Filter {
        func value(_ name: String) -> String? { (try? req.query.get(String.self, at: name)).flatMap { $0.isEmpty ? nil : $0 } }
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
