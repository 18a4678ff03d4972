import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import TandemCore
import Vapor

/// How many things wait on each signed-in person, for the count beside "To do" on every page. Kept per person
/// until anything changes (every change writes the audit log, so its latest entry says whether one did) or the
/// day moves (deadlines fall due); an instance that did not make the change sees it from the database too.
final class TaskCount: Sendable {
    private struct Kept {
        let change: Date?
        let day: CivilDate
        let count: Int
    }

    private let kept = NIOLockedValueBox([UUID: Kept]())

    func count(for req: Request) async throws -> Int? {
        let actor = req.actor
        guard let id = req.currentUser?.id, actor.role == .focalPoint || AccessPolicy.decide(actor, .manageProgramme).isAllowed else { return nil }
        let change = try await Self.latestChange(on: req.db), day = CivilDate(utc: req.application.clock.now())
        if let hit = kept.withLockedValue({ $0[id] }), hit.change == change, hit.day == day { return hit.count }
        let count = try await TaskList.of(req).count
        kept.withLockedValue { kept in
            // One entry per person who signed in since the instance started: a few hundred at most.
            if kept.count > 10_000 { kept.removeAll() }
            kept[id] = Kept(change: change, day: day, count: count)
        }
        return count
    }

    private static func latestChange(on db: any Database) async throws -> Date? {
        try await AuditEntryModel.query(on: db).sort(\.$at, .descending).field(\.$at).first()?.at
    }
}

extension Application {
    private struct TaskCountKey: StorageKey {
        typealias Value = TaskCount
    }

    /// Set once in `configure`, before any request.
    var taskCount: TaskCount {
        get { storage[TaskCountKey.self] ?? TaskCount() }
        set { storage[TaskCountKey.self] = newValue }
    }
}
