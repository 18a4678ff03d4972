import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Runs the deadlines job every few minutes while `tandem serve` runs. Every instance runs one; a lease
/// lets one of them make a pass at a time, and the unique record of each reminder keeps any from being sent
/// twice should two passes meet.
final class DeadlinesWorker: LifecycleHandler, Sendable {
    static let job = "deadlines"
    private let interval: Duration
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(interval: Duration) {
        self.interval = interval
    }

    func didBootAsync(_ app: Application) async throws {
        let interval = self.interval
        task.withLockedValue {
            $0 = Task { [weak app] in
                while !Task.isCancelled {
                    guard let app else { return }
                    do {
                        try await Self.pass(app)
                    } catch {
                        app.logger.error("Deadlines pass failed: \(String(reflecting: error))")
                    }
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let running = task.withLockedValue { task in defer { task = nil }; return task }
        running?.cancel()
        await running?.value
    }

    /// One pass if this instance gets the lease; nil when another instance holds it.
    @discardableResult
    static func pass(_ app: Application) async throws -> DeadlineReminders.Outcome? {
        let lease = JobLease(job: job, owner: UUID().uuidString, length: 600)
        let now = app.clock.now()
        guard try await lease.take(on: app.db, now: now) else { return nil }
        do {
            var outcome = try await DeadlineReminders(app: app).run(on: app.db, now: now)
            outcome.digests = try await WeeklyDigest(app: app).run(on: app.db, now: now)
            let records = try await ClearingHouseReminders(app: app).run(on: app.db, now: now)
            outcome.recordReminders = records.reminded
            outcome.recordsExpired = records.expired
            outcome.searchAlerts = try await SavedSearchAlerts(app: app).run(on: app.db, now: now)
            try await lease.release(on: app.db, now: now)
            if outcome.reminders > 0 { app.logger.info("Deadlines: \(outcome.reminders) reminders, \(outcome.emails) emails") }
            if outcome.digests > 0 { app.logger.info("Weekly digests: \(outcome.digests)") }
            if outcome.searchAlerts > 0 { app.logger.info("Saved searches: \(outcome.searchAlerts) alerts") }
            if records.asked > 0 { app.logger.info("Clearing-house: \(records.asked) writers asked to confirm") }
            if outcome.recordsExpired + outcome.recordReminders > 0 {
                app.logger.info("Clearing-house: \(outcome.recordReminders) reminders, \(outcome.recordsExpired) requests lapsed")
            }
            return outcome
        } catch {
            try? await lease.release(on: app.db, now: now)
            throw error
        }
    }
}

/// A lease on a job in the `job_leases` table: taken by one atomic update, by whoever finds it free or
/// expired, and given back when done.
struct JobLease {
    let job: String
    let owner: String
    /// Longer than a pass can take, so a stopped instance's lease runs out and another takes over.
    let length: TimeInterval

    func take(on db: any Database, now: Date) async throws -> Bool {
        if try await JobLeaseModel.query(on: db).filter(\.$job == job).count() == 0 {
            // Two instances may create it at once: the unique job name lets one row through.
            try? await JobLeaseModel(job: job).create(on: db)
        }
        try await JobLeaseModel.query(on: db).filter(\.$job == job)
            .group(.or) { $0.filter(\.$leaseUntil == nil).filter(\.$leaseUntil < now) }
            .set(\.$owner, to: owner).set(\.$leaseUntil, to: now.addingTimeInterval(length)).update()
        return try await JobLeaseModel.query(on: db).filter(\.$job == job).filter(\.$owner == owner).count() == 1
    }

    func release(on db: any Database, now: Date) async throws {
        try await JobLeaseModel.query(on: db).filter(\.$job == job).filter(\.$owner == owner)
            .set(\.$leaseUntil, to: nil).set(\.$lastRunAt, to: now).update()
    }
}
