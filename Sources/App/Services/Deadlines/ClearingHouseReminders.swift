import Fluent
import Foundation
import TandemCore
import Vapor

/// The clearing-house's part of the deadlines job: a request for review that has waited ten weeks reminds its
/// writer that it lapses in two; one that has waited twelve goes back to a draft (`Publication` `.expire`, a
/// guarded write) and its writer is told. Each reminder is recorded under a unique key in the transaction that
/// writes its email, so it goes out once even when two instances run the pass together.
struct ClearingHouseReminders {
    let app: Application

    struct Outcome: Equatable {
        var reminded = 0
        var expired = 0
        /// Writers asked whether a published record is still valid.
        var asked = 0
        /// Experts' entries that lapsed after four years without an update.
        var lapsed = 0
    }

    @discardableResult
    func run(on db: any Database, now: Date) async throws -> Outcome {
        let today = CivilDate(utc: now)
        var outcome = Outcome()
        let waiting = try await ClearingRecordModel.query(on: db).filter(\.$status == Publication.Status.submitted.rawValue)
            .sort(\.$submittedOn).all()
        for record in waiting {
            let publication = try record.publication()
            guard let expires = publication.expiresOn, let remindOn = publication.reminderOn, let submitted = publication.submittedOn else { continue }
            let id = try record.requireID()
            if today >= expires {
                guard case .moved = try await MoveClearingRecord(recordID: id, step: .expire).run(by: nil, at: now, app: app, on: db) else { continue }
                try await tell(record, .recordExpired, key: "record:\(id):expired:\(submitted)", days: ["submitted": submitted], on: db, now: now)
                outcome.expired += 1
            } else if today >= remindOn,
                      try await tell(record, .recordExpiring, key: "record:\(id):expiring:\(submitted)", days: ["expires": expires], on: db, now: now) {
                outcome.reminded += 1
            }
        }
        outcome.asked = try await askToConfirm(on: db, now: now)
        outcome.lapsed = try await lapseExperts(on: db, now: now)
        return outcome
    }

    /// An expert's entry lapses four years after it was last updated or confirmed (`ExpertEntry`): it leaves the
    /// roster as a guarded step, and its writer is told how to bring it back.
    private func lapseExperts(on db: any Database, now: Date) async throws -> Int {
        let today = CivilDate(utc: now)
        let experts = try await ClearingRecordModel.query(on: db).filter(\.$kind == RecordKind.expert.rawValue)
            .filter(\.$status == Publication.Status.published.rawValue).all()
        var lapsed = 0
        for record in experts {
            let confirmed = try record.publication().confirmedOn
            let updated = record.updatedAt.map { CivilDate(utc: $0) }
            guard let last = [confirmed, updated].compactMap({ $0 }).max(), ExpertEntry.hasLapsed(lastUpdated: last, on: today) else { continue }
            let id = try record.requireID()
            guard case .moved = try await MoveClearingRecord(recordID: id, step: .lapse(lastUpdated: last)).run(by: nil, at: now, app: app, on: db) else {
                continue
            }
            try await tell(record, .recordLapsed, key: "record:\(id):lapsed:\(last)", days: ["updated": last], on: db, now: now)
            lapsed += 1
        }
        return lapsed
    }

    /// Two weeks before a published record would read as "not updated since", its writer is asked, once for each
    /// confirmation, whether it is still valid, with a link that confirms it in one click without signing in.
    private func askToConfirm(on db: any Database, now: Date) async throws -> Int {
        let today = CivilDate(utc: now)
        let due = today.adding(days: Self.askDaysBefore).adding(months: -Publication.confirmationMonths)
        let records = try await ClearingRecordModel.query(on: db).filter(\.$status == Publication.Status.published.rawValue)
            .filter(\.$confirmedOn <= due.description).all()
        var asked = 0
        for record in records {
            guard let confirmed = try record.publication().confirmedOn else { continue }
            let id = try record.requireID()
            let signature = try app.secretBox.signature(Self.stillValid(id, confirmed))
            if try await tell(record, .recordConfirm, key: "record:\(id):confirm:\(confirmed)",
                              days: ["confirmed": confirmed, "stale": confirmed.adding(months: Publication.confirmationMonths)], on: db, now: now,
                              path: "/clearing-house/records/\(id.uuidString)/still-valid/\(signature)") {
                asked += 1
            }
        }
        return asked
    }

    static let askDaysBefore = 14

    /// What a still-valid link signs: the record and the confirmation it renews, so a link works once.
    static func stillValid(_ id: UUID, _ confirmed: CivilDate) -> String { "still-valid:\(id.uuidString):\(confirmed)" }

    /// Writes to the record's writer, once per key; false when it had already gone out.
    @discardableResult
    private func tell(_ record: ClearingRecordModel, _ kind: Mailer.Kind, key: String, days: [String: CivilDate],
                      on db: any Database, now: Date, path: String? = nil) async throws -> Bool {
        if try await SentReminderModel.query(on: db).filter(\.$key == key).count() > 0 { return false }
        guard let writer = try await UserModel.query(on: db).filter(\.$email == record.ownerEmail).filter(\.$isActive == true).first() else {
            return false
        }
        let language = Language(rawValue: writer.language) ?? .en
        let values = days.mapValues { language.format($0) }.merging(["title": record.originalTitle]) { $1 }
        do {
            try await db.writeTransaction { tx in
                try await SentReminderModel(key: key, sentAt: now).create(on: tx)
                try await app.mailer.enqueue(kind, to: writer.email, name: writer.displayName, language: language,
                                             link: app.config.baseURL + (path ?? "/clearing-house/records/\(try record.requireID().uuidString)"),
                                             values: values, on: tx, now: now)
            }
        } catch {
            if try await SentReminderModel.query(on: db).filter(\.$key == key).count() > 0 { return false }
            throw error
        }
        return true
    }
}
