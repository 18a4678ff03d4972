import Fluent
import Foundation
import TandemCore
import Vapor

/// The view contexts of a partnership's workspace, every text in the reader's language.
struct WorkspacePages {
    let req: Request
    private var language: Language { req.language }
    private func t(_ key: String, _ values: [String: String] = [:]) -> String { req.localizer.text(key, language, values) }
    private func name(_ iso3: String) -> String { req.states.name(iso3, in: language) }

    struct Partner: Encodable {
        let state: String
        let code: String
        let role: String
        let group: String
        let leadName: String
        let leadEmail: String
        let leadPhone: String
        /// The version of this partner's contact the form was drawn from.
        let version: Int
        let canEdit: Bool
        /// Its contact form came back with problems.
        let failed: Bool
    }

    struct DeadlineLine: Encodable {
        let text: String
        let due: String
        let overdue: Bool
        let href: String
    }

    struct VisitLine: Encodable {
        /// Its place among the visits that stand, or "cancelled".
        let number: String
        let route: String
        let dates: String
        let status: String
        let href: String?
        let notes: [String]
    }

    struct ReportLine: Encodable {
        let name: String
        let due: String
        let status: String
        let href: String
    }

    struct IndicatorLine: Encodable {
        let description: String
        let baseline: String
        let target: String
        let latest: String
        let met: String
        /// Baseline, target and every reported value, for a numeric indicator with values.
        let chart: String?
    }

    struct ResultLine: Encodable {
        let level: String
        let statement: String
        let indicators: [IndicatorLine]
    }

    struct AreaLine: Encodable {
        let name: String
        let results: [ResultLine]
    }

    struct MeetingLine: Encodable {
        let kind: String
        let heldOn: String
        let place: String
        let participants: String
        let summary: String
        /// Scheduled, not yet held: when and where it will be, its calendar file and the form that records it as held.
        let scheduled: Bool
        let when: String
        let calendarHref: String
        let heldAction: String?
        let heldFormID: String
        let heldOpen: Bool
    }

    struct TaskLine: Encodable {
        let id: String
        let title: String
        let owner: String
        let due: String
        let done: Bool
        let overdue: Bool
        let action: String
    }

    struct NoteLine: Encodable {
        let author: String
        let when: String
        let body: String
    }

    struct EventLine: Encodable {
        let when: String
        let text: String
        let actor: String
    }

    struct Page: Encodable {
        let title: String
        let code: String
        let href: String
        let status: String
        let closedReason: String?
        let facts: [LabelValue]
        let isHistory: Bool
        let canEdit: Bool
        let canManage: Bool
        let partners: [Partner]
        let deadlines: [DeadlineLine]
        let visits: [VisitLine]
        let newVisitHref: String?
        let reports: [ReportLine]
        let areas: [AreaLine]
        let meetings: [MeetingLine]
        let hasInitialMeeting: Bool
        let meetingKinds: [SelectOption]
        let tasks: [TaskLine]
        let states: [SelectOption]
        let mouHref: String?
        let mouDates: String
        let notes: [NoteLine]
        let timeline: [EventLine]
        let statusOptions: [SelectOption]
        let followUpAction: String?
        let publicHref: String
        let iatiHref: String
        let csrf: String
        /// The partnership's version the page was drawn from, sent back by its forms.
        let version: Int
        /// The form that came back, its values as typed and its problems by field.
        let form: String
        let values: [String: String]
        let errors: [String: String]
    }

    func workspace(_ record: PartnershipRecord, form: String = "", values: [String: String] = [:],
                   problems: [String: String] = [:]) async throws -> Page {
        let model = record.model, id = try model.requireID()
        let rules = try await PartnershipSchedule.rules(of: model, on: req.db)
        let today = CivilDate(utc: req.application.clock.now())
        let call = try await model.$call.get(on: req.db)
        let tasks = try await PartnershipTaskModel.query(on: req.db).filter(\.$partnership.$id == id).sort(\.$createdAt).all()
        let notes = try await PartnershipNoteModel.query(on: req.db).filter(\.$partnership.$id == id).sort(\.$createdAt, .descending).all()
        let meetings = try await BilateralMeetingModel.query(on: req.db).filter(\.$partnership.$id == id).sort(\.$heldOn).all()
        let events = try await TimelineEventModel.query(on: req.db).filter(\.$partnership.$id == id).sort(\.$at, .descending).all()
        let canEdit = record.canEdit(req), canManage = record.canManage(req)
        let acting = record.actingState(req)
        var facts = [LabelValue(label: t("workspace_source"), value: t("workspace_source_" + model.source))]
        if let call { facts.append(LabelValue(label: t("application_call"), value: try call.value().title(in: language))) }
        if let start = model.startDate.flatMap(CivilDate.init(iso:)) { facts.append(LabelValue(label: t("workspace_started"), value: language.format(start))) }
        let framework = try model.framework()
        let hasInitialMeeting = meetings.contains { $0.kind == BilateralMeetingModel.Kind.initial.rawValue && !$0.isScheduled }
        let meetingKind = form == "meeting" ? values["kind"] : nil
        return Page(
            title: record.states.map(name).joined(separator: " – "), code: model.code, href: record.href,
            status: record.lapsed(on: today).map { t("partnership_status_lapsed", ["year": String($0.year)]) } ?? t("partnership_status_" + model.status),
            closedReason: model.closedReason, facts: facts,
            isHistory: model.isHistory, canEdit: canEdit, canManage: canManage,
            partners: record.participants.map { participant in
                let failed = form == "contact-" + participant.stateISO3
                return Partner(state: name(participant.stateISO3), code: participant.stateISO3, role: t("role_" + participant.role),
                               group: req.states[participant.stateISO3].map { req.localizer.groupName($0.regionalGroup, language) } ?? "",
                               leadName: failed ? values["lead_name"] ?? "" : participant.leadName ?? "",
                               leadEmail: failed ? values["lead_email"] ?? "" : participant.leadEmail ?? "",
                               leadPhone: failed ? values["lead_phone"] ?? "" : participant.leadPhone ?? "",
                               version: participant.version, canEdit: canEdit && (canManage || acting == participant.stateISO3), failed: failed)
            },
            deadlines: try PartnershipSchedule.deadlines(record, rules: rules).map { deadline(record, $0, today: today) },
            visits: visitLines(record, rules: rules),
            newVisitHref: try canEdit && !model.isHistory && model.partnershipStatus == .active && record.plannedVisits.count < rules.visitsPerPartnership
                ? record.href + "/visits/new" : nil,
            reports: record.reports.map { report in
                ReportLine(name: ReportTitle(req: req).name(report), due: report.due.map(language.format) ?? t("report_due_unknown"),
                           status: t("report_status_" + report.status), href: record.href + "/reports/\(report.slug)")
            },
            areas: try areaLines(try ResultsProgress(record)),
            meetings: meetings.map { meeting in
                let id = meeting.id?.uuidString ?? "", day = CivilDate(iso: meeting.heldOn).map(language.format) ?? meeting.heldOn
                let place = meeting.online ? (meeting.place.isEmpty ? t("meeting_online") : t("meeting_online_at", ["place": meeting.place])) : meeting.place
                return MeetingLine(kind: t("meeting_kind_" + meeting.kind), heldOn: day, place: place, participants: meeting.participants,
                                   summary: meeting.summary, scheduled: meeting.isScheduled,
                                   when: meeting.time.map { t("meeting_day_time", ["day": day, "time": $0]) } ?? day,
                                   calendarHref: record.href + "/meetings/\(id)/calendar.ics",
                                   heldAction: canEdit && meeting.isScheduled ? record.href + "/meetings/\(id)/held" : nil,
                                   heldFormID: "held-" + id, heldOpen: form == "held-" + id)
            },
            hasInitialMeeting: hasInitialMeeting,
            meetingKinds: BilateralMeetingModel.Kind.allCases.map { kind in
                SelectOption(value: kind.rawValue, label: t("meeting_kind_" + kind.rawValue),
                             selected: meetingKind.map { $0 == kind.rawValue } ?? ((kind == .initial) != hasInitialMeeting))
            },
            tasks: tasks.map { task in
                let due = task.dueOn.flatMap(CivilDate.init(iso:))
                return TaskLine(id: task.id?.uuidString ?? "", title: task.title, owner: name(task.ownerISO3),
                                due: due.map(language.format) ?? "", done: task.doneAt != nil,
                                overdue: task.doneAt == nil && due.map { $0 < today } == true,
                                action: record.href + "/tasks/\(task.id?.uuidString ?? "")")
            },
            states: record.states.map { SelectOption(value: $0, label: name($0), selected: values["owner"] == $0 || (values["owner"] == nil && $0 == acting)) },
            mouHref: model.mouFile.map { _ in record.href + "/mou" },
            mouDates: mouDates(model),
            notes: notes.map { NoteLine(author: $0.author, when: $0.createdAt.map(language.formatDay) ?? "", body: $0.body) },
            timeline: events.map { event in
                EventLine(when: language.formatDay(event.at), text: timelineText(event), actor: event.actor)
            },
            statusOptions: [PartnershipStatus.proposed, .active, .completed, .closed].map {
                SelectOption(value: $0.rawValue, label: t("partnership_status_" + $0.rawValue), selected: $0.rawValue == (values["status"] ?? model.status))
            },
            followUpAction: try canManage && record.reports.contains { try $0.reportKind == .final && $0.reportStatus == .accepted }
                ? record.href + "/follow-ups" : nil,
            publicHref: "/programme/partnerships/\(model.code)", iatiHref: record.href + "/iati.xml",
            csrf: req.csrfToken, version: model.version, form: form, values: values, errors: problems.mapValues { t($0) })
    }

    private func deadline(_ record: PartnershipRecord, _ deadline: Deadline, today: CivilDate) -> DeadlineLine {
        let text = switch deadline.kind {
        case .visitNotice: t("deadline_visit_notice", ["number": deadline.subject])
        case .report: t("deadline_report", ["report": t("report_kind_" + deadline.subject)])
        }
        return DeadlineLine(text: text, due: language.format(deadline.due), overdue: deadline.due < today, href: deadline.href)
    }

    func visitLines(_ record: PartnershipRecord, rules: ProgrammeRules) -> [VisitLine] {
        let plans = record.visits.map(\.plan)
        return record.visits.enumerated().map { index, visit in
            var notes: [String] = []
            if record.model.isHistory, let plan = plans[index] {
                // The rules of 2012-2019 were not today's: the checks are shown for information only.
                let others = plans.enumerated().filter { $0.offset != index }.compactMap(\.element)
                notes = VisitRules.sequenceBreaches(plan, others: others, rules: rules).map { RuleText(req).sentence($0) }
            }
            if let reason = visit.overrideReason { notes.append(t("visit_overridden", ["reason": reason])) }
            if let reason = visit.cancelReason { notes.append(t("visit_cancelled_because", ["reason": reason])) }
            return VisitLine(
                number: record.place(of: visit).map(String.init) ?? t("visit_cancelled_short"), route: t("visit_route", ["visitor": name(visit.visitorISO3), "host": name(visit.hostISO3)]),
                dates: ProgrammeRows(req).dates(visit.value).nonEmpty ?? String(visit.year),
                status: t("visit_status_" + visit.status), href: record.model.isHistory ? nil : record.href + "/visits/\(index + 1)",
                notes: notes)
        }
    }

    private func areaLines(_ progress: ResultsProgress) throws -> [AreaLine] {
        let latest = try progress.latest
        return try progress.framework.areas.enumerated().map { a, area in
            let name = area.customName.isEmpty ? t("thematic_area_" + area.key) : area.customName
            var results: [ResultLine] = []
            for level in ResultLevel.allCases {
                let planned = level == .output ? area.outputs : area.outcomes
                for (r, result) in planned.enumerated() {
                    results.append(ResultLine(level: t("application_level_" + level.rawValue), statement: result.statement,
                                              indicators: try result.indicators.enumerated().map { i, indicator in
                        let path = IndicatorPath(area: a, level: level, result: r, indicator: i)
                        let value = latest[path]
                        let met = value.flatMap { IndicatorProgress.isMet(baseline: indicator.baseline, target: indicator.target,
                                                                           actual: $0.actual, achieved: $0.achieved) }
                        let l = req.localizer
                        return IndicatorLine(description: indicator.description, baseline: l.indicatorValue(indicator.baseline, language),
                                             target: l.indicatorValue(indicator.target, language),
                                             latest: l.indicatorValue(value?.actual ?? "", language), met: met.map { t($0 ? "indicator_met" : "indicator_not_met") } ?? "",
                                             chart: try chart(path, indicator, progress))
                    }))
                }
            }
            return AreaLine(name: name, results: results)
        }
    }

    /// The indicator's chart, when its baseline and target are numbers and a report has given a value.
    private func chart(_ path: IndicatorPath, _ indicator: Indicator, _ progress: ResultsProgress) throws -> String? {
        guard let target = IndicatorProgress.number(indicator.target) else { return nil }
        let baseline = IndicatorProgress.number(indicator.baseline) ?? 0
        let values = try progress.history(path).compactMap { entry in
            IndicatorProgress.number(entry.value.actual).map { (label: ReportTitle(req: req).short(entry.report), value: $0) }
        }
        guard !values.isEmpty else { return nil }
        return IndicatorChart(
            id: "indicator-" + path.description.replacingOccurrences(of: ".", with: "-"), title: indicator.description,
            summary: t("indicator_chart_summary", ["baseline": indicator.baseline, "target": indicator.target,
                                                   "values": values.map { "\($0.label): \($0.value == $0.value.rounded() ? String(Int($0.value)) : String($0.value))" }
                                                       .joined(separator: ", ")]),
            baseline: baseline, target: target, targetLabel: t("indicator_chart_target", ["target": indicator.target]),
            points: [(t("application_baseline"), baseline)] + values).svg
    }

    private func mouDates(_ model: PartnershipModel) -> String {
        let signed = model.mouSignedOn.flatMap(CivilDate.init(iso:)).map(language.format)
        let expires = model.mouExpiresOn.flatMap(CivilDate.init(iso:)).map(language.format)
        switch (signed, expires) {
        case let (signed?, expires?): return t("mou_signed_until", ["signed": signed, "expires": expires])
        case let (signed?, nil): return t("mou_signed", ["signed": signed])
        default: return ""
        }
    }

    private func timelineText(_ event: TimelineEventModel) -> String {
        TimelineText(localizer: req.localizer, language: language, states: req.states).text(event)
    }
}

/// Rule breaches in words, with their figures, in the reader's language.
struct RuleText {
    let req: Request

    init(_ req: Request) {
        self.req = req
    }

    func sentence(_ breach: RuleBreach) -> String {
        var values = breach.values
        for key in ["start", "end", "first", "last", "latest", "earliest"] {
            if let day = values[key].flatMap(CivilDate.init(iso:)) { values[key] = req.language.format(day) }
        }
        if let host = values["host"] { values["host"] = req.states.name(host, in: req.language) }
        return req.localizer.text("rule_" + breach.rule, req.language, values)
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
