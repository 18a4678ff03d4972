import Fluent
import Foundation
import TandemCore
import Vapor

/// One pass of the deadlines job: for everything an active partnership owes, the reminder step that applies
/// today (days before the due date, or days after it) is sent once: to the partners' focal points, and
/// when it is overdue to the Secretariat as well. A step is recorded under a unique key in the same
/// transaction as its emails, so it goes out once even when two instances run the pass at the same moment.
struct DeadlineReminders {
    let app: Application
    var policy = ReminderPolicy.standard

    struct Outcome: Equatable {
        var reminders = 0
        var emails = 0
        /// Weekly digests sent in the same pass (`WeeklyDigest`).
        var digests = 0
        /// Clearing-house requests for review reminded and lapsed (`ClearingHouseReminders`).
        var recordReminders = 0
        var recordsExpired = 0
        /// Saved searches' alerts sent (`SavedSearchAlerts`).
        var searchAlerts = 0
    }

    @discardableResult
    func run(on db: any Database, now: Date) async throws -> Outcome {
        let today = CivilDate(utc: now)
        var outcome = Outcome()
        let partnerships = try await PartnershipModel.query(on: db).filter(\.$status == PartnershipStatus.active.rawValue)
            .filter(\.$source != PartnershipModel.fromHistory).all()
        let allRules = try await PartnershipSchedule.rules(of: partnerships, on: db)
        for record in try await PartnershipRecord.load(partnerships, on: db) {
            for deadline in try PartnershipSchedule.deadlines(record, rules: allRules[try record.model.requireID()] ?? .current) {
                guard let step = policy.step(due: deadline.due, today: today) else { continue }
                let key = deadline.key + ":" + step.description
                if let sent = try await send(deadline, step: step, key: key, record: record, on: db, now: now) {
                    outcome.reminders += 1
                    outcome.emails += sent
                }
            }
        }
        return outcome
    }

    /// Records the step and writes its emails, all or nothing; nil when it had already gone out.
    private func send(_ deadline: Deadline, step: ReminderStep, key: String, record: PartnershipRecord,
                      on db: any Database, now: Date) async throws -> Int? {
        if try await SentReminderModel.query(on: db).filter(\.$key == key).count() > 0 { return nil }
        do {
            return try await db.writeTransaction { tx in
                // The unique key is the lock: a second instance's insert fails and its transaction rolls back.
                try await SentReminderModel(key: key, sentAt: now).create(on: tx)
                let values = ["days": String(self.days(step))]
                let localized = ["what": self.subjectKey(deadline)]
                var emails = try await PartnerMail(app: app).send(
                    step.isOverdue ? .deadlineOverdue : .deadlineReminder, to: record.states, partnershipStates: record.states,
                    path: deadline.href, values: values, localized: localized, days: ["due": deadline.due], on: tx, now: now)
                if step.isOverdue { emails += try await escalate(deadline, record: record, values: values, localized: localized, on: tx, now: now) }
                return emails
            }
        } catch {
            // Another instance recorded the same step first: it has sent it.
            if try await SentReminderModel.query(on: db).filter(\.$key == key).count() > 0 { return nil }
            throw error
        }
    }

    /// Tells every programme officer, in their language.
    private func escalate(_ deadline: Deadline, record: PartnershipRecord, values: [String: String], localized: [String: String],
                          on db: any Database, now: Date) async throws -> Int {
        let officers = try await UserModel.query(on: db).filter(\.$role == Role.secretariat.rawValue).filter(\.$isActive == true).all()
        for officer in officers {
            let language = Language(rawValue: officer.language) ?? .en
            var texts = values.merging(localized.mapValues { app.localizer.text($0, language) }) { $1 }
            texts["due"] = language.format(deadline.due)
            texts["partners"] = record.states.map { app.statesDirectory.name($0, in: language) }.joined(separator: " – ")
            try await app.mailer.enqueue(.deadlineEscalation, to: officer.email, name: officer.displayName, language: language,
                                         link: app.config.baseURL + deadline.href, values: texts, on: db, now: now)
        }
        return officers.count
    }

    private func days(_ step: ReminderStep) -> Int {
        switch step {
        case .before(let days), .overdue(let days): days
        }
    }

    /// The locale key naming what is due.
    private func subjectKey(_ deadline: Deadline) -> String {
        switch deadline.kind {
        case .visitNotice: deadline.subject == "1" ? "deadline_what_first_visit" : "deadline_what_second_visit"
        case .report: "deadline_what_" + deadline.subject
        }
    }
}
