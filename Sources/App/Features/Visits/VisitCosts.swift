import Fluent
import Foundation
import TandemCore
import Vapor

/// What a visit costs the programme (S/2368/2025, paragraph 6): for each sponsored official, travel, meals and
/// medical insurance, planned and then paid. The Secretariat alone keeps these figures; the partners see in the
/// timeline that they were recorded. Each save is checked against the budget of the visit's call and year.
extension VisitsController {
    /// The costs form as sent: strings, so a sheet refused comes back exactly as typed.
    struct CostFields: Content {
        struct LineFields: Content {
            var delegate: String?
            var item: String?
            var planned: String?
            var actual: String?
        }
        var version: String?
        var lines: [LineFields]?
    }

    struct CostsPage: Encodable {
        struct Row: Encodable {
            let index: Int
            let delegate: String
            let item: String
            let itemLabel: String
            let planned: String
            let actual: String
            let plannedError: String?
            let actualError: String?
            /// After a conflict, what the other person saved where it differs from what was typed here.
            let plannedSaved: String?
            let actualSaved: String?
        }
        struct Group: Encodable {
            let heading: String
            let note: String?
            let error: String?
            let rows: [Row]
        }
        let title: String
        let partnershipTitle: String
        let partnershipHref: String
        let visitHref: String
        let visitTitle: String
        let action: String
        let csrf: String
        let version: Int
        let hint: String
        let paidHint: String?
        let groups: [Group]
        let totals: [LabelValue]
        let budgetTitle: String
        let budget: [LabelValue]
        let overcommitted: String?
        let errorCount: String?
        let notice: String?
        let saved: Bool
    }

    func costRoutes(_ visits: any RoutesBuilder) {
        visits.get(":number", "costs", use: costs)
        visits.post(":number", "costs", use: recordCosts)
    }

    @Sendable func costs(req: Request) async throws -> View {
        let (record, visit, number) = try await Self.visit(req)
        guard record.canManage(req) else { throw Abort(.forbidden, reason: req.text("costs_secretariat_only")) }
        let lines = try await VisitCostModel.query(on: req.db).filter(\.$visit.$id == visit.requireID()).all().map { try $0.line }
        let rows = try Self.sheet(visit, recorded: lines).map { line in
            CostFields.LineFields(delegate: line.delegate, item: line.item.rawValue,
                                  planned: line.planned.map(req.language.formatAmount), actual: line.actual.map(req.language.formatAmount))
        }
        return try await renderCosts(req, record, visit: visit, number: number, version: visit.costsVersion, rows: rows,
                                     saved: (try? req.query.get(String.self, at: "saved")) != nil)
    }

    @Sendable func recordCosts(req: Request) async throws -> Response {
        let (record, visit, number) = try await Self.visit(req, editing: true)
        guard record.canManage(req) else { throw Abort(.forbidden, reason: req.text("costs_secretariat_only")) }
        let fields = try req.content.decode(CostFields.self)
        let rows = fields.lines ?? []
        let version = try StoredVersion.sent(fields.version ?? "")
        let stored = try await VisitCostModel.query(on: req.db).filter(\.$visit.$id == visit.requireID()).all().map { try $0.line }
        let recorded = Set(stored.map(\.delegate))
        var problems: [String: String] = [:], lines: [CostLine] = []
        for (index, row) in rows.prefix(Self.mostLines).enumerated() {
            func amount(_ text: String?, _ field: String) -> Money? {
                let typed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !typed.isEmpty else { return nil }
                guard let money = Money.parse(typed) else {
                    problems["\(index).\(field)"] = typed.hasPrefix("-") ? "cost_negative"
                        : typed.filter(\.isNumber).count > 12 && typed.allSatisfy({ $0.isNumber || " .,'".contains($0) }) ? "cost_too_large" : "cost_not_amount"
                    return nil
                }
                return money
            }
            guard let item = CostItem(rawValue: row.item ?? "") else { problems["\(index).delegate"] = "cost_not_sponsored"; continue }
            lines.append(CostLine(delegate: String((row.delegate ?? "").prefix(FormBounds.shortText)), item: item,
                                  planned: amount(row.planned, "planned"), actual: amount(row.actual, "actual")))
        }
        if rows.count > Self.mostLines { problems["\(Self.mostLines).delegate"] = "cost_not_sponsored" }
        for problem in SponsorshipCosts.problems(lines, delegates: visit.delegates.map(\.value), recorded: recorded, status: try visit.visitStatus) {
            problems["\(problem.line).\(problem.field)"] = problems["\(problem.line).\(problem.field)"] ?? problem.key
        }
        guard problems.isEmpty else {
            return try await renderCosts(req, record, visit: visit, number: number, version: version, rows: rows, problems: problems)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        // Saving the sheet as it stands changes nothing: no new version, no timeline entry.
        if RecordVisitCosts.merging(lines, into: stored).sorted(by: Self.order) == stored.filter({ !$0.isEmpty }).sorted(by: Self.order) {
            return req.redirect(to: record.href + "/visits/\(number)/costs?saved=1", redirectType: .normal)
        }
        do {
            try await RecordVisitCosts(record: record, visit: visit, number: record.place(of: visit) ?? number, version: version, lines: lines).run(on: req)
        } catch is ChangeConflict {
            let fresh = try await VisitModel.find(visit.requireID(), on: req.db)?.costsVersion ?? version
            let saved = try await VisitCostModel.query(on: req.db).filter(\.$visit.$id == visit.requireID()).all().map { try $0.line }
            return try await renderCosts(req, record, visit: visit, number: number, version: fresh, rows: rows,
                                         notice: req.text("costs_saved_meanwhile"), savedMeanwhile: saved).encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: record.href + "/visits/\(number)/costs?saved=1", redirectType: .normal)
    }

    /// A form cannot have more lines than three officials, a few who left, and their items: past this it is crafted.
    private static let mostLines = 60

    private static func order(_ a: CostLine, _ b: CostLine) -> Bool { (a.delegate, a.item.rawValue) < (b.delegate, b.item.rawValue) }

    /// The sheet as the form shows it: each item of each sponsored official, in the delegation's order, with what is
    /// recorded; then what is recorded for officials who have since left the delegation or lost their sponsorship.
    static func sheet(_ visit: VisitModel, recorded: [CostLine]) throws -> [CostLine] {
        let sponsored = visit.delegates.sorted { $0.position < $1.position }.filter(\.sponsored).map(\.name)
        var names = sponsored
        for line in recorded where !names.contains(line.delegate) { names.append(line.delegate) }
        return names.flatMap { name in
            CostItem.allCases.map { item in
                recorded.first { $0.delegate == name && $0.item == item } ?? CostLine(delegate: name, item: item)
            }
        }
    }

    private func renderCosts(_ req: Request, _ record: PartnershipRecord, visit: VisitModel, number: Int, version: Int,
                             rows: [CostFields.LineFields], problems: [String: String] = [:], notice: String? = nil,
                             savedMeanwhile: [CostLine]? = nil, saved: Bool = false) async throws -> View {
        let language = req.language
        func t(_ key: String, _ values: [String: String] = [:]) -> String { req.localizer.text(key, language, values) }
        let status = try visit.visitStatus
        let delegates = visit.delegates
        // Rows come grouped by official, in the order sent.
        var groups: [(name: String, rows: [CostsPage.Row])] = []
        for (index, row) in rows.enumerated() {
            let name = row.delegate ?? "", item = row.item ?? ""
            let other = savedMeanwhile.map { saved in saved.first { $0.delegate == name && $0.item.rawValue == item } ?? CostLine(delegate: name, item: .travel) }
            /// What the other person saved in one field, where it is not what was typed here.
            func meanwhile(_ typed: String?, _ amount: Money?) -> String? {
                guard savedMeanwhile != nil, Money.parse(typed ?? "") != amount else { return nil }
                return t("cost_saved_meanwhile", ["amount": amount.map(language.format) ?? "—"])
            }
            let line = CostsPage.Row(index: index, delegate: name, item: item, itemLabel: t("cost_item_" + (CostItem(rawValue: item)?.rawValue ?? "travel")),
                                     planned: row.planned ?? "", actual: row.actual ?? "",
                                     plannedError: problems["\(index).planned"].map { t($0) }, actualError: problems["\(index).actual"].map { t($0) },
                                     plannedSaved: meanwhile(row.planned, other?.planned), actualSaved: meanwhile(row.actual, other?.actual))
            if let last = groups.indices.last, groups[last].name == name { groups[last].rows.append(line) } else { groups.append((name, [line])) }
        }
        let visitTitle = record.visitName(visit, req)
        // Totals of what stands: a refused figure is not counted.
        let typed = rows.enumerated().map { index, row in
            (problems["\(index).planned"] == nil ? Money.parse(row.planned ?? "") : nil, problems["\(index).actual"] == nil ? Money.parse(row.actual ?? "") : nil)
        }
        let ledger = try await BudgetLedger.load(on: req.db, calls: try await req.application.callsCache.calls(on: req.db))
        let line = ledger.lines.first { $0.callID == record.model.$call.id && $0.year == visit.year }
        let callName = line?.call.map { $0.title(in: language) } ?? t("budget_no_call")
        var budget: [LabelValue] = []
        if let position = line?.position {
            budget = [LabelValue(label: t("budget_amount"), value: position.budget.map(language.format) ?? t("budget_not_set")),
                      LabelValue(label: t("budget_committed"), value: language.format(position.committed)),
                      LabelValue(label: t("budget_spent"), value: language.format(position.spent))]
            if let remaining = position.remaining { budget.append(LabelValue(label: t("budget_remaining"), value: language.format(remaining))) }
        }
        let page = CostsPage(
            title: t("costs_title", ["visit": visitTitle]), partnershipTitle: record.states.map { req.states.name($0, in: language) }.joined(separator: " – "),
            partnershipHref: record.href, visitHref: record.href + "/visits/\(number)", visitTitle: visitTitle,
            action: record.href + "/visits/\(number)/costs", csrf: req.csrfToken, version: version,
            hint: t("costs_hint", ["currency": Money.currency]),
            paidHint: status == .proposed ? t("costs_paid_after_confirmation") : nil,
            groups: groups.map { group in
                let delegate = delegates.first { $0.name == group.name }
                let note: String? = delegate == nil || delegate?.sponsored == false ? t("costs_no_longer_sponsored")
                    : delegate!.exceptional && !delegate!.exceptionApproved ? t("costs_exception_pending") : nil
                let heading = [group.name, delegate.map { [$0.title, t("delegate_role_" + $0.role)].filter { !$0.isEmpty }.joined(separator: ", ") } ?? ""]
                    .filter { !$0.isEmpty }.joined(separator: " · ")
                let error = group.rows.compactMap { problems["\($0.index).delegate"] }.first.map { t($0) }
                return CostsPage.Group(heading: heading, note: note, error: error, rows: group.rows)
            },
            totals: [LabelValue(label: t("costs_total_planned"), value: language.format(typed.compactMap(\.0).reduce(.zero, +))),
                     LabelValue(label: t("costs_total_paid"), value: language.format(typed.compactMap(\.1).reduce(.zero, +)))],
            budgetTitle: t("costs_budget_title", ["call": callName, "year": String(visit.year)]), budget: budget,
            overcommitted: line?.position.isOvercommitted == true ? t("budget_overcommitted_by", ["amount": language.format(Money.zero - (line!.position.remaining ?? .zero))]) : nil,
            errorCount: problems.isEmpty ? nil : t("costs_errors", ["count": language.format(problems.count)]),
            notice: notice, saved: saved)
        return try await req.renderPage("visits/costs", title: page.title, page)
    }
}
