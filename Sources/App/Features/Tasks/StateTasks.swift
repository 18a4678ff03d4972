import Fluent
import Foundation
import TandemCore
import Vapor

/// What a State Party's focal point has to do next, most pressing first: a call open to apply to, an application
/// to finish or amend, a proposal to answer, and in each partnership under way the visit dates to give, the
/// reports to write and those to co-sign.
struct StateTasks {
    typealias Item = TaskList.Item
    typealias Section = TaskList.Section

    let reader: TaskReader
    let state: String

    private var language: Language { reader.language }
    private var today: CivilDate { CivilDate(utc: reader.application.clock.now()) }
    private func t(_ key: String, _ values: [String: String] = [:]) -> String { reader.localizer.text(key, language, values) }
    private func name(_ iso3: String) -> String { reader.states.name(iso3, in: language) }
    private func due(_ day: CivilDate) -> String { language.due(day, today: today, reader.localizer) }

    /// Those with something to do first.
    func sections() async throws -> [Section] {
        let all = [try await proposals(), try await partnerships(), try await applications()]
        return all.filter { !$0.items.isEmpty } + all.filter(\.items.isEmpty)
    }

    private func section(_ id: String, _ items: [Item]) -> Section {
        Section(id: id, heading: t("tasks_\(id)", ["count": language.format(items.count)]), empty: t("tasks_\(id)_none"), items: items)
    }

    /// Proposals of a partnership the state has not answered yet.
    private func proposals() async throws -> Section {
        let awaiting = try await PartnershipProposalModel.query(on: reader.db)
            .filter(\.$status == PartnershipProposalModel.Status.awaiting.rawValue)
            .group(.or) { $0.filter(\.$menteeISO3 == state).filter(\.$mentorISO3 == state) }
            .sort(\.$createdAt).all()
        let items = try awaiting.filter { try $0.answer(of: state) == nil }.map { proposal in
            let mentor = proposal.mentorISO3 == state
            return Item(title: t(mentor ? "tasks_proposal_as_mentor" : "tasks_proposal_as_mentee", ["state": name(mentor ? proposal.menteeISO3 : proposal.mentorISO3)]),
                        href: "/proposals/\(try proposal.requireID().uuidString)", detail: t("tasks_proposal_detail"),
                        since: proposal.createdAt.map(language.formatDay) ?? "")
        }
        return section("proposals", items)
    }

    /// The deadlines of the state's partnerships under way, and the reports its partner asks it to co-sign.
    private func partnerships() async throws -> Section {
        let ids = try await ParticipantModel.query(on: reader.db).filter(\.$stateISO3 == state).all().map { $0.$partnership.id }
        let models = try await PartnershipModel.query(on: reader.db).filter(\.$id ~~ Set(ids))
            .filter(\.$status == PartnershipStatus.active.rawValue).filter(\.$source != PartnershipModel.fromHistory).all()
        let rules = try await PartnershipSchedule.rules(of: models, on: reader.db)
        var items: [(due: CivilDate?, item: Item)] = []
        for record in try await PartnershipRecord.load(models, on: reader.db) {
            let pair = record.states.map(name).joined(separator: " – ")
            let deadlines = try PartnershipSchedule.deadlines(record, rules: rules[try record.model.requireID()] ?? .current)
            // With no visit yet and no day suggested for the first, there is no deadline, but the first visit is still to plan.
            if try record.plannedVisits.isEmpty, !deadlines.contains(where: { $0.kind == .visitNotice }) {
                items.append((nil, Item(title: t("deadline_visit_notice", ["number": "1"]), href: record.href + "/visits/new",
                                        detail: pair + " · " + record.code)))
            }
            for deadline in deadlines {
                let title: String
                switch deadline.kind {
                case .visitNotice:
                    title = t("deadline_visit_notice", ["number": deadline.subject])
                case .report:
                    guard let report = record.reports.first(where: { "report:\($0.id?.uuidString ?? "")" == deadline.key }) else { continue }
                    if try report.reportStatus == .awaitingCosignature {
                        // The partner who wrote it waits; the other co-signs.
                        guard report.draftedByISO3 != state else { continue }
                        title = t("tasks_cosign", ["report": ReportTitle(localizer: reader.localizer, language: reader.language).name(report)])
                    } else {
                        title = t(try report.reportStatus == .returned ? "tasks_report_returned" : "tasks_report_write",
                                  ["report": ReportTitle(localizer: reader.localizer, language: reader.language).name(report)])
                    }
                }
                items.append((deadline.due, Item(title: title, href: deadline.href, detail: pair + " · " + record.code, due: due(deadline.due),
                                                 overdue: DueState(due: deadline.due, today: today).isOverdue)))
            }
        }
        return section("partnerships", DueState.mostPressingFirst(items, due: \.due).map(\.item))
    }

    /// Calls open to the state with no application from it yet, and its applications to finish or amend.
    private func applications() async throws -> Section {
        let calls = try await reader.application.callsCache.calls(on: reader.db)
        let mine = try await ApplicationModel.query(on: reader.db).filter(\.$stateISO3 == state).all()
        var items: [(due: CivilDate?, item: Item)] = []
        for application in mine {
            guard let status = ApplicationStatus(rawValue: application.status), status.isEditable, let call = calls[application.$call.id] else { continue }
            items.append((call.closes, Item(
                title: t(status == .returned ? "tasks_application_returned" : "tasks_application_draft", ["call": call.title(in: language)]),
                href: "/applications/\(try application.requireID().uuidString)/edit",
                detail: t(status == .returned ? "tasks_application_returned_detail" : "tasks_application_draft_detail"),
                due: due(call.closes), overdue: call.closes < today)))
        }
        let applied = Set(mine.filter { ApplicationStatus(rawValue: $0.status)?.isActive == true }.map { $0.$call.id })
        for (id, call) in calls.sorted(by: { $0.value.closes < $1.value.closes }) where call.takesApplications(on: today) && !applied.contains(id) {
            items.append((call.closes, Item(title: t("tasks_apply", ["call": call.title(in: language)]), href: "/programme/calls/\(call.slug)",
                                            detail: t("tasks_apply_detail"), due: due(call.closes))))
        }
        return section("applications", DueState.mostPressingFirst(items, due: \.due).map(\.item))
    }
}
