import Fluent
import Foundation
import TandemCore
import Vapor

/// The programme's budget for the Secretariat: what it sets aside for each call's visits in each year, against
/// what is committed to visits planned and what was paid (see `BudgetPosition`), as a page, CSV and JSON.
struct BudgetController: RouteCollection {
    /// A budget larger than this is a typing slip.
    static let largestBudget = Money(cents: 100_000_000_00)
    /// Where the figure comes from, in a sentence or two (the form says so and counts).
    static let longestNote = 2_000

    func boot(routes: any RoutesBuilder) throws {
        let budget = routes.grouped("programme").grouped(RequireMiddleware(.manageProgramme))
        budget.get("budget", use: index)
        budget.get("budget.csv", use: budgetCSV)
        budget.get("costs.csv", use: costsCSV)
        budget.get("budget", ":call", ":year", use: edit)
        budget.post("budget", ":call", ":year", use: update)
        routes.grouped("api", "v1", "programme").grouped(RequireMiddleware(.manageProgramme)).get("budget", use: api)
    }

    struct Row: Encodable {
        let call: String
        let year: Int
        let budget: String
        let committed: String
        let spent: String
        let remaining: String
        let overcommitted: Bool
        let editHref: String?
        let isSet: Bool
    }

    struct IndexPage: Encodable {
        let lead: String
        let rows: [Row]
    }

    @Sendable func index(req: Request) async throws -> View {
        let language = req.language
        let ledger = try await Self.ledger(req)
        let rows = ledger.lines.map { line in
            Row(call: line.call.map { $0.title(in: language) } ?? req.text("budget_no_call"), year: line.year,
                budget: line.position.budget.map(language.format) ?? "—", committed: language.format(line.position.committed),
                spent: language.format(line.position.spent), remaining: line.position.remaining.map(language.format) ?? "—",
                overcommitted: line.position.isOvercommitted, editHref: line.call.map { "/programme/budget/\($0.slug)/\(line.year)" },
                isSet: line.budget != nil)
        }
        return try await req.renderPage("budget/index", title: req.text("budget_title"),
                                        IndexPage(lead: req.localizer.text("budget_lead", language, ["currency": Money.currency]), rows: rows))
    }

    // MARK: Setting one budget

    struct EditPage: Encodable {
        let title: String
        let action: String
        let csrf: String
        let version: String
        let amount: String
        let note: String
        let errors: [String: String]
        let notice: String?
        let position: [LabelValue]
        let updated: String?
    }

    @Sendable func edit(req: Request) async throws -> View {
        let (line, callID) = try await Self.line(req)
        return try await renderEdit(req, line, callID: callID, amount: line.budget.map { req.language.formatAmount($0.amount) } ?? "",
                                    note: line.budget?.note ?? "", version: line.budget.map { String($0.version) } ?? "")
    }

    @Sendable func update(req: Request) async throws -> Response {
        let (line, callID) = try await Self.line(req)
        let amountText = ((try? req.content.get(String.self, at: "amount")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let note = ((try? req.content.get(String.self, at: "note")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let versionText = ((try? req.content.get(String.self, at: "version")) ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [String: String] = [:]
        let amount = Money.parse(amountText)
        if amountText.isEmpty { errors["amount"] = "budget_amount_needed" }
        else if amount == nil { errors["amount"] = "cost_not_amount" }
        else if amount! > Self.largestBudget { errors["amount"] = "budget_too_large" }
        if note.count > Self.longestNote { errors["note"] = "form_text_too_long" }
        guard errors.isEmpty, let amount else {
            return try await renderEdit(req, line, callID: callID, amount: amountText, note: note, version: versionText, errors: errors)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await SetProgrammeBudget(callID: callID, callSlug: line.call?.slug ?? "", year: line.year, amount: amount, note: note,
                                         version: versionText.isEmpty ? nil : try StoredVersion.sent(versionText)).run(on: req)
        } catch is ChangeConflict {
            let (fresh, _) = try await Self.line(req)
            let stored = fresh.budget.map { req.localizer.text("budget_changed_meanwhile", req.language, ["amount": req.language.format($0.amount), "by": $0.updatedBy]) }
            return try await renderEdit(req, fresh, callID: callID, amount: amountText, note: note, version: fresh.budget.map { String($0.version) } ?? "",
                                        notice: stored ?? req.text("workspace_changed_meanwhile")).encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: "/programme/budget", redirectType: .normal)
    }

    private func renderEdit(_ req: Request, _ line: BudgetLedger.Line, callID: UUID, amount: String, note: String, version: String,
                            errors: [String: String] = [:], notice: String? = nil) async throws -> View {
        let language = req.language
        func t(_ key: String, _ values: [String: String] = [:]) -> String { req.localizer.text(key, language, values) }
        let title = t("budget_edit_title", ["call": line.call?.title(in: language) ?? "", "year": String(line.year)])
        let position = [LabelValue(label: t("budget_committed"), value: language.format(line.position.committed)),
                        LabelValue(label: t("budget_spent"), value: language.format(line.position.spent))]
        let messages = errors.mapValues { t($0, ["max": $0 == "budget_too_large" ? language.format(Self.largestBudget) : language.format(Self.longestNote)]) }
        return try await req.renderPage("budget/edit", title: title, EditPage(
            title: title, action: "/programme/budget/\(line.call?.slug ?? "")/\(line.year)", csrf: req.csrfToken, version: version,
            amount: amount, note: note, errors: messages, notice: notice, position: position,
            updated: line.budget.map { t("budget_updated", ["by": $0.updatedBy, "when": language.formatMoment($0.updatedAt)]) }))
    }

    /// The call and year in the address: any year of the call's own, or one a visit of its partnerships falls in.
    private static func line(_ req: Request) async throws -> (BudgetLedger.Line, UUID) {
        let slug = req.parameters.get("call") ?? "", year = req.parameters.get("year", as: Int.self)
        let ledger = try await ledger(req)
        guard let line = ledger.lines.first(where: { $0.call?.slug == slug && $0.year == year }), let callID = line.callID else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return (line, callID)
    }

    static func ledger(_ req: Request) async throws -> BudgetLedger {
        try await BudgetLedger.load(on: req.db, calls: try await req.application.callsCache.calls(on: req.db))
    }

    // MARK: Files and API

    @Sendable func budgetCSV(req: Request) async throws -> Response {
        let header = ["call", "year", "currency", "budget", "committed", "spent", "remaining"]
        let rows = try await Self.ledger(req).lines.map { line in
            [line.call?.slug ?? "", String(line.year), Money.currency, line.position.budget?.plain ?? "", line.position.committed.plain,
             line.position.spent.plain, line.position.remaining?.plain ?? ""]
        }
        return Response.download(CSVWriter.write(header: header, rows: rows), filename: "budget.csv")
    }

    @Sendable func costsCSV(req: Request) async throws -> Response {
        let header = ["partnership", "call", "visit", "year", "host", "visitor", "visit_status", "delegate", "item", "currency", "planned", "actual",
                      "recorded_by", "recorded_at"]
        let calls = try await req.application.callsCache.calls(on: req.db)
        let ledger = try await Self.ledger(req)
        // Visits are numbered as their addresses number them.
        var numbers: [UUID: Int] = [:]
        for id in Set(ledger.costs.map(\.visit.$partnership.id)) {
            let visits = try await VisitModel.query(on: req.db).filter(\.$partnership.$id == id).sort(\.$position).all()
            for (index, visit) in visits.enumerated() { if let visitID = visit.id { numbers[visitID] = index + 1 } }
        }
        let rows = ledger.costs.map { cost in
            [cost.partnership.code, cost.partnership.$call.id.flatMap { calls[$0]?.slug } ?? "",
             String(cost.visit.id.flatMap { numbers[$0] } ?? 0), String(cost.visit.year), cost.visit.hostISO3,
             cost.visit.visitorISO3, cost.visit.status, cost.line.delegate, cost.line.item.rawValue, Money.currency,
             cost.line.planned?.plain ?? "", cost.line.actual?.plain ?? "", cost.cost.recordedBy,
             ISO8601DateFormatter().string(from: cost.cost.recordedAt)]
        }
        return Response.download(CSVWriter.write(header: header, rows: rows), filename: "costs.csv")
    }

    struct BudgetDTO: Content {
        let call: String?
        let year: Int
        let currency: String
        /// Amounts as decimal text (`"1234.50"`), so no reader rounds them through a floating-point number.
        let budget: String?
        let committed: String
        let spent: String
        let remaining: String?
    }

    @Sendable func api(req: Request) async throws -> [BudgetDTO] {
        try await Self.ledger(req).lines.map { line in
            BudgetDTO(call: line.call?.slug, year: line.year, currency: Money.currency, budget: line.position.budget?.plain,
                      committed: line.position.committed.plain, spent: line.position.spent.plain, remaining: line.position.remaining?.plain)
        }
    }
}
