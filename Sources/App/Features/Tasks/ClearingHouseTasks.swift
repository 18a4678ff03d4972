import Fluent
import Foundation
import TandemCore
import Vapor

/// What waits in the clearing-house: for the Secretariat, the records sent for review, oldest first, with the day
/// each goes back to its writer unreviewed; for anyone, their own records (their organisation's, their state's)
/// returned with a reason, back in the drafts after waiting too long, or to be confirmed as still valid.
struct ClearingHouseTasks {
    typealias Item = TaskList.Item
    typealias Section = TaskList.Section

    let reader: TaskReader

    private var language: Language { reader.language }
    private var today: CivilDate { CivilDate(utc: reader.application.clock.now()) }
    private func t(_ key: String, _ values: [String: String] = [:]) -> String { reader.localizer.text(key, language, values) }

    private func section(_ id: String, _ items: [Item]) -> Section {
        Section(id: id, heading: t("tasks_\(id)", ["count": language.format(items.count)]), empty: t("tasks_\(id)_none"), items: items)
    }

    /// The Secretariat's review queue.
    func review() async throws -> Section {
        let waiting = try await ClearingRecordModel.query(on: reader.db).filter(\.$status == Publication.Status.submitted.rawValue)
            .sort(\.$submittedOn).sort(\.$id).all()
        return section("clearing_review", try waiting.map { record in
            let publication = try record.publication()
            return Item(title: try title(record), href: "/clearing-house/records/\(try record.requireID().uuidString)",
                        detail: RecordLabels(localizer: reader.localizer, states: reader.states, language: language).kind(try record.recordKind),
                        since: publication.submittedOn.map(language.format) ?? "",
                        due: publication.expiresOn.map { language.due($0, today: today, reader.localizer) } ?? "")
        })
    }

    /// The person's records that wait on them.
    func mine() async throws -> Section {
        guard let email = reader.email else { return section("clearing_mine", []) }
        let records = try await ClearingRecordModel.changeable(by: email, organisation: reader.organisation, actor: reader.actor, on: reader.db)
            .filter(\.$status ~~ [Publication.Status.returned.rawValue, Publication.Status.draft.rawValue, Publication.Status.published.rawValue])
            .sort(\.$updatedAt).all()
        var items: [Item] = []
        for record in records {
            let publication = try record.publication()
            let detail: String
            switch publication.status {
            case .returned:
                detail = t("record_returned_because", ["reason": publication.returnReason ?? ""])
            case .draft:
                // A draft is its writer's to finish when they like; one whose request lapsed is told, as it was not their choice.
                guard let day = publication.expiredOn else { continue }
                detail = t("record_expired_note", ["day": language.format(day)])
            default:
                guard publication.isStale(on: today.adding(months: 2)) else { continue }
                detail = t("tasks_clearing_confirm")
            }
            items.append(Item(title: try title(record), href: "/clearing-house/records/\(try record.requireID().uuidString)", detail: detail))
        }
        return section("clearing_mine", items)
    }

    private func title(_ record: ClearingRecordModel) throws -> String {
        let text = try record.title(in: language, document: try record.recordDocument()).text
        return text.isEmpty ? t("record_untitled") : text
    }
}
