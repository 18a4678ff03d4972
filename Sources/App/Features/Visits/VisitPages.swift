import Foundation
import TandemCore
import Vapor

/// The view contexts of the visit pages, every text in the reader's language.
struct VisitPages {
    let req: Request
    private var language: Language { req.language }
    private func t(_ key: String, _ values: [String: String] = [:]) -> String { req.localizer.text(key, language, values) }
    private func name(_ iso3: String) -> String { req.states.name(iso3, in: language) }

    struct SessionRow: Encodable {
        let index: Int
        let day: String
        let time: String
        let activity: String
        let place: String
        let error: String?
    }

    struct DelegateRow: Encodable {
        let index: Int
        let number: Int
        let name: String
        let title: String
        let organisation: String
        let roles: [SelectOption]
        let genders: [SelectOption]
        let sponsored: Bool
        let exceptional: Bool
        let approved: Bool
        let error: String?
    }

    struct BreachLine: Encodable {
        let text: String
        let warning: Bool
    }

    struct FormPage: Encodable {
        let title: String
        let partnershipTitle: String
        let partnershipHref: String
        let action: String
        let hosts: [SelectOption]
        let start: String
        let end: String
        let sessions: [SessionRow]
        let delegates: [DelegateRow]
        let breaches: [BreachLine]
        let fieldBreaches: [String: String]
        let errors: [String: String]
        let canOverride: Bool
        let overrideReason: String
        /// Secretariat staff taking part, one per line; the Secretariat writes it.
        let secretariat: String
        let canNameSecretariat: Bool
        let rulesHint: String
        let csrf: String
    }

    func form(_ record: PartnershipRecord, title: String, action: String, fields: VisitFields, problems: [String: String],
              breaches: [RuleBreach], rules: ProgrammeRules) -> FormPage {
        let sessions = fields.agenda ?? []
        let delegates = fields.delegates ?? []
        var byField: [String: String] = [:]
        for breach in breaches where breach.isBreach { byField[breach.field] = [byField[breach.field], RuleText(req).sentence(breach)].compactMap { $0 }.joined(separator: " ") }
        return FormPage(
            title: title, partnershipTitle: record.states.map(name).joined(separator: " – "), partnershipHref: record.href, action: action,
            hosts: record.states.map { state in
                SelectOption(value: state, label: t("visit_hosted_by", ["host": name(state), "visitor": name(record.states.first { $0 != state } ?? "")]),
                             selected: state == fields.host)
            },
            start: fields.start ?? "", end: fields.end ?? "",
            sessions: (sessions.isEmpty ? [VisitFields.SessionFields()] : sessions).enumerated().map { index, row in
                SessionRow(index: index, day: row.day ?? "", time: row.time ?? "", activity: row.activity ?? "", place: row.place ?? "",
                           error: problems["agenda_\(index)"].map { t($0) })
            },
            delegates: (delegates.isEmpty ? [VisitFields.DelegateFields(), VisitFields.DelegateFields()] : delegates).enumerated().map { index, row in
                DelegateRow(index: index, number: index + 1, name: row.name ?? "", title: row.title ?? "", organisation: row.organisation ?? "",
                            roles: DelegateRole.allCases.map { SelectOption(value: $0.rawValue, label: t("delegate_role_" + $0.rawValue), selected: $0.rawValue == row.role) },
                            genders: [SelectOption(value: "", label: t("delegate_gender_undisclosed"), selected: (row.gender ?? "").isEmpty)]
                                + Gender.allCases.map { SelectOption(value: $0.rawValue, label: t("delegate_gender_" + $0.rawValue), selected: $0.rawValue == row.gender) },
                            sponsored: row.sponsored != nil, exceptional: row.exceptional != nil, approved: row.approved != nil,
                            error: problems["delegate_\(index)"].map { t($0) })
            },
            breaches: breaches.map { BreachLine(text: RuleText(req).sentence($0), warning: !$0.isBreach) },
            fieldBreaches: byField, errors: problems.mapValues { t($0) },
            canOverride: record.canManage(req), overrideReason: fields.overrideReason ?? "", secretariat: fields.secretariat ?? "", canNameSecretariat: record.canManage(req),
            rulesHint: t("visit_rules_hint", ["months": String(rules.visitWindowMonths), "intermission": String(rules.intermissionMonths),
                                              "weeks": String(rules.noticeWeeks), "sponsored": String(rules.sponsoredOfficialsPerState)]),
            csrf: req.csrfToken)
    }

    struct AgendaLine: Encodable {
        let day: String
        let sessions: [AgendaSession]
    }

    struct DelegateLine: Encodable {
        let index: Int
        let name: String
        let title: String
        let organisation: String
        let role: String
        let gender: String
        let sponsored: String
        let exceptional: Bool
        let approved: Bool
    }

    struct ShowPage: Encodable {
        let title: String
        let partnershipTitle: String
        let partnershipHref: String
        let number: Int
        let status: String
        let facts: [LabelValue]
        let agenda: [AgendaLine]
        let delegates: [DelegateLine]
        let checks: [BreachLine]
        let editHref: String?
        let confirmAction: String?
        let completeAction: String?
        let cancelAction: String?
        let calendarHref: String
        /// What the visit costs the programme, for the Secretariat: planned and paid, and where to record them.
        let costs: [LabelValue]?
        let costsHref: String?
        let hasPendingExceptions: Bool
        let csrf: String
        let errors: [String: String]
        let values: [String: String]
    }

    func show(_ record: PartnershipRecord, visit: VisitModel, number: Int, checks: [RuleBreach], costs: [CostLine]?, today: CivilDate,
              problems: [String: String] = [:], values: [String: String] = [:]) throws -> ShowPage {
        let status = try visit.visitStatus
        let canEdit = record.canEdit(req), canManage = record.canManage(req)
        var facts = [LabelValue(label: t("visit_who"), value: t("visit_route", ["visitor": name(visit.visitorISO3), "host": name(visit.hostISO3)])),
                     LabelValue(label: t("column_dates"), value: ProgrammeRows(req).dates(visit.value))]
        if let notified = visit.notifiedOn.flatMap(CivilDate.init(iso:)) { facts.append(LabelValue(label: t("visit_notified_on"), value: language.format(notified))) }
        if let by = visit.proposedBy { facts.append(LabelValue(label: t("visit_proposed_by"), value: by)) }
        if let by = visit.confirmedBy, let at = visit.confirmedAt {
            facts.append(LabelValue(label: t("visit_confirmed_by"), value: "\(by), \(language.formatDay(at))"))
        }
        if let secretariat = visit.secretariat { facts.append(LabelValue(label: t("visit_secretariat"), value: secretariat)) }
        if let reason = visit.overrideReason { facts.append(LabelValue(label: t("visit_override_reason"), value: reason)) }
        if let reason = visit.cancelReason { facts.append(LabelValue(label: t("visit_cancel_reason"), value: reason)) }
        let delegates = visit.delegates.sorted { $0.position < $1.position }
        let base = record.href + "/visits/\(number)"
        let ended = visit.plan.map { $0.end <= today } ?? false
        return ShowPage(
            title: record.visitName(visit, req), partnershipTitle: record.states.map(name).joined(separator: " – "),
            partnershipHref: record.href, number: number, status: t("visit_status_" + visit.status), facts: facts,
            agenda: try visit.agendaDays().map { AgendaLine(day: language.format($0.day), sessions: $0.sessions) },
            delegates: delegates.enumerated().map { index, delegate in
                DelegateLine(index: index, name: delegate.name, title: delegate.title, organisation: delegate.organisation,
                             role: t("delegate_role_" + delegate.role),
                             gender: delegate.gender.map { t("delegate_gender_" + $0) } ?? t("delegate_gender_undisclosed"),
                             sponsored: t(delegate.sponsored ? "delegate_sponsored" : "delegate_own_cost"),
                             exceptional: delegate.exceptional, approved: delegate.exceptionApproved)
            },
            checks: checks.map { BreachLine(text: RuleText(req).sentence($0), warning: !$0.isBreach) },
            editHref: canEdit && (status == .proposed || (status == .confirmed && canManage)) ? base + "/edit" : nil,
            confirmAction: canManage && status == .proposed ? base + "/confirm" : nil,
            completeAction: canEdit && status == .confirmed && ended ? base + "/complete" : nil,
            cancelAction: canEdit && (status == .proposed || status == .confirmed) ? base + "/cancel" : nil,
            calendarHref: base + "/calendar.ics",
            costs: costs.map { lines in
                [LabelValue(label: t("costs_total_planned"), value: language.format(lines.compactMap(\.planned).reduce(.zero, +))),
                 LabelValue(label: t("costs_total_paid"), value: language.format(lines.compactMap(\.actual).reduce(.zero, +)))]
            },
            costsHref: costs == nil || record.model.isHistory ? nil : base + "/costs",
            hasPendingExceptions: delegates.contains { $0.exceptional && !$0.exceptionApproved },
            csrf: req.csrfToken, errors: problems.mapValues { t($0) }, values: values)
    }
}
