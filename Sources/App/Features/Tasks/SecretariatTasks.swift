import Fluent
import Foundation
import TandemCore
import Vapor

/// What waits on the Secretariat now, oldest first: applications to review, visit plans to confirm (the notice is
/// counted from the day the Secretariat heard of them), reports to review, the pool of accepted applications not
/// yet matched; and what waits on the states, so an officer sees where to chase: proposals not yet answered.
struct SecretariatTasks {
    typealias Item = TaskList.Item
    typealias Section = TaskList.Section

    let reader: TaskReader

    func sections() async throws -> [Section] {
        [try await applications(reader), try await visits(reader), try await reports(reader), try await unmatched(reader), try await proposals(reader)]
    }

    private func t(_ reader: TaskReader, _ key: String, _ values: [String: String] = [:]) -> String {
        reader.localizer.text(key, reader.language, values)
    }

    private func name(_ reader: TaskReader, _ iso3: String) -> String { reader.states.name(iso3, in: reader.language) }

    /// `count` is what the heading counts, when not the items themselves; `onOthers` when it waits on the states.
    private func section(_ reader: TaskReader, _ id: String, _ items: [Item], count: Int? = nil, onOthers: Bool = false) -> Section {
        Section(id: id, heading: t(reader, "awaiting_\(id)", ["count": reader.language.format(count ?? items.count)]), empty: t(reader, "awaiting_\(id)_none"),
                items: items, waitsOnOthers: onOthers)
    }

    private func applications(_ reader: TaskReader) async throws -> Section {
        let submitted = try await ApplicationModel.query(on: reader.db).filter(\.$status == ApplicationStatus.submitted.rawValue)
            .with(\.$call).sort(\.$submittedAt).all()
        return section(reader, "applications", try submitted.map { application in
            let call = try application.call.value()
            let day = application.submittedAt.map { CivilDate(utc: $0) }
            let review = day.flatMap { ReviewSchedule.review(for: $0, among: call.reviewDates) }
            return Item(title: name(reader, application.stateISO3), href: "/applications/\(try application.requireID().uuidString)",
                        detail: call.title(in: reader.language) + (review.map { " · " + t(reader, "awaiting_review_on", ["day": reader.language.format($0)]) } ?? ""),
                        since: day.map(reader.language.format) ?? "")
        })
    }

    private func visits(_ reader: TaskReader) async throws -> Section {
        let proposed = try await VisitModel.query(on: reader.db).filter(\.$status == VisitStatus.proposed.rawValue).all()
        let ids = Set(proposed.map { $0.$partnership.id })
        let models = try await PartnershipModel.query(on: reader.db).filter(\.$id ~~ ids).filter(\.$source != PartnershipModel.fromHistory).all()
        var items: [(String, Item)] = []
        for record in try await PartnershipRecord.load(models, on: reader.db) {
            for (index, visit) in record.visits.enumerated() where visit.status == VisitStatus.proposed.rawValue {
                let notified = visit.notifiedOn.flatMap(CivilDate.init(iso:))
                items.append((visit.notifiedOn ?? "", Item(
                    title: record.states.map { name(reader, $0) }.joined(separator: " – ") + " · " + record.visitName(visit, reader.localizer, reader.language),
                    href: record.href + "/visits/\(index + 1)",
                    detail: t(reader, "visit_route", ["visitor": name(reader, visit.visitorISO3), "host": name(reader, visit.hostISO3)])
                        + " · " + ProgrammeRows(reader).dates(visit.value),
                    since: notified.map(reader.language.format) ?? "")))
            }
        }
        return section(reader, "visits", items.sorted { $0.0 < $1.0 }.map(\.1))
    }

    private func reports(_ reader: TaskReader) async throws -> Section {
        let submitted = try await ReportModel.query(on: reader.db).filter(\.$status == ReportModel.Status.submitted.rawValue)
            .with(\.$partnership).sort(\.$submittedAt).all()
        let participants = try await ParticipantModel.query(on: reader.db).filter(\.$partnership.$id ~~ Set(submitted.map { $0.$partnership.id })).all()
        return section(reader, "reports", try submitted.map { report in
            let states = participants.filter { $0.$partnership.id == report.$partnership.id }.sorted { $0.position < $1.position }.map(\.stateISO3)
            return Item(title: states.map { name(reader, $0) }.joined(separator: " – ") + " · " + ReportTitle(localizer: reader.localizer, language: reader.language).name(report),
                        href: "/partnerships/\(report.partnership.code)/reports/\(report.slug)",
                        detail: report.due.map { t(reader, "awaiting_due", ["day": reader.language.format($0)]) } ?? "",
                        since: report.submittedAt.map(reader.language.formatDay) ?? "")
        })
    }

    private func proposals(_ reader: TaskReader) async throws -> Section {
        let awaiting = try await PartnershipProposalModel.query(on: reader.db)
            .filter(\.$status == PartnershipProposalModel.Status.awaiting.rawValue).sort(\.$createdAt).all()
        let items = try awaiting.map { proposal in
            let waitingOn = [(proposal.menteeISO3, proposal.menteeAnswer), (proposal.mentorISO3, proposal.mentorAnswer)]
                .filter { $0.1 == nil }.map { name(reader, $0.0) }
            return Item(title: name(reader, proposal.menteeISO3) + " – " + name(reader, proposal.mentorISO3),
                        href: "/proposals/\(try proposal.requireID().uuidString)",
                        detail: t(reader, "awaiting_answer_from", ["states": waitingOn.joined(separator: ", ")]),
                        since: proposal.createdAt.map(reader.language.formatDay) ?? "")
        }
        return section(reader, "proposals", items, onOthers: true)
    }

    /// Accepted applications of each call whose state is in no proposal still standing nor in a partnership under the call:
    /// the next matching run's pool.
    private func unmatched(_ reader: TaskReader) async throws -> Section {
        let accepted = try await ApplicationModel.query(on: reader.db).filter(\.$status == ApplicationStatus.accepted.rawValue).with(\.$call).all()
        let standing = try await PartnershipProposalModel.query(on: reader.db)
            .filter(\.$status != PartnershipProposalModel.Status.declined.rawValue).all()
        var items: [Item] = [], states = 0
        for (callID, applications) in Dictionary(grouping: accepted, by: { $0.$call.id }) {
            let partnered = try await PartnershipModel.query(on: reader.db).filter(\.$call.$id == callID).with(\.$participants).all()
                .flatMap { $0.participants.map(\.stateISO3) }
            let proposed = Set(standing.filter { $0.$call.id == callID }.flatMap { [$0.menteeISO3, $0.mentorISO3] } + partnered)
            let waiting = applications.filter { !proposed.contains($0.stateISO3) }
            guard let call = waiting.first?.call else { continue }
            states += waiting.count
            items.append(Item(title: try call.value().title(in: reader.language), href: "/programme/calls/\(call.slug)/matching",
                              detail: t(reader, "awaiting_unmatched_list", [
                                  "count": reader.localizer.text("awaiting_unmatched_count", reader.language, count: waiting.count),
                                  // In alphabetical order as readers expect it: Géorgie before Guatemala.
                                  "states": waiting.map { name(reader, $0.stateISO3) }
                                      .sorted { $0.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
                                          < $1.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil) }
                                      .joined(separator: ", "),
                              ]),
                              since: ""))
        }
        return section(reader, "unmatched", items.sorted { $0.title < $1.title }, count: states)
    }
}
