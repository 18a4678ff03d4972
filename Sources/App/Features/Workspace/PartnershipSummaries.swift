import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import TandemCore
import Vapor

/// What the partnerships list says of each partnership (its states, status and next deadline), kept in memory
/// per partnership until its revision, the reference data (the call's rules) or the day moves. A page of the
/// list then reads only ids and revisions from the database, and loads in full only the partnerships that
/// changed since they were last listed.
final class PartnershipSummaries: Sendable {
    struct Summary: Sendable {
        let code: String
        let states: [String]
        let status: String
        let next: Deadline?
        /// Recorded as active, with nothing done since this day for two years.
        let lapsedSince: CivilDate?
    }

    private struct Kept {
        let revision: Int
        let reference: Int64
        let day: CivilDate
        let summary: Summary
    }

    private let kept = NIOLockedValueBox([UUID: Kept]())

    /// The summaries of `page` (ids with their revisions, in the list's order).
    func summaries(_ page: [(id: UUID, revision: Int)], on db: any Database, today: CivilDate) async throws -> [Summary] {
        let reference = try await DataVersion.current(.reference, on: db)
        var found = kept.withLockedValue { kept in
            page.reduce(into: [UUID: Summary]()) { found, entry in
                if let hit = kept[entry.id], hit.revision == entry.revision, hit.reference == reference, hit.day == today {
                    found[entry.id] = hit.summary
                }
            }
        }
        let missing = page.filter { found[$0.id] == nil }
        if !missing.isEmpty {
            let revisions = Dictionary(uniqueKeysWithValues: missing.map { ($0.id, $0.revision) })
            let models = try await PartnershipModel.query(on: db).filter(\.$id ~~ missing.map(\.id)).all()
            let rules = try await PartnershipSchedule.rules(of: models, on: db)
            var fresh: [UUID: Kept] = [:]
            for record in try await PartnershipRecord.load(models, on: db) {
                let id = try record.model.requireID()
                let next = try PartnershipSchedule.deadlines(record, rules: rules[id] ?? .current).first
                let summary = Summary(code: record.code, states: record.states, status: record.model.status, next: next,
                                      lapsedSince: record.lapsed(on: today))
                // The revision read with the page: a change since then is seen on the next visit.
                fresh[id] = Kept(revision: revisions[id] ?? -1, reference: reference, day: today, summary: summary)
                found[id] = summary
            }
            kept.withLockedValue { kept in kept.merge(fresh) { _, new in new } }
        }
        return page.compactMap { found[$0.id] }
    }
}

extension Application {
    private struct PartnershipSummariesKey: StorageKey {
        typealias Value = PartnershipSummaries
    }

    /// Set once in `configure`, before any request.
    var partnershipSummaries: PartnershipSummaries {
        get { storage[PartnershipSummariesKey.self] ?? PartnershipSummaries() }
        set { storage[PartnershipSummariesKey.self] = newValue }
    }
}
