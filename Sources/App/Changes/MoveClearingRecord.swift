import Fluent
import Foundation
import TandemCore
import Vapor

/// A step of a clearing-house record on its way to the public: submitted, recalled, published, returned with a
/// reason, confirmed as still valid, withdrawn. The rule is `Publication.taking`; this persists it as one
/// guarded write on the record's version and status, with its audit row, in one transaction. Two officers
/// publishing the same record at once: the first publishes it, the second is told someone acted first.
struct MoveClearingRecord {
    let recordID: UUID
    let step: Publication.Step
    /// The version the person's page was drawn from, where the step comes from a page.
    var basedOn: Int? = nil

    enum Outcome: Equatable {
        case moved(Publication)
        case refused(Publication.Refusal)
    }

    func run(on req: Request) async throws -> Outcome {
        try await run(by: req.currentUser, from: req.remoteAddress?.ipAddress ?? "", app: req.application, on: req.db)
    }

    /// The step taken by `user` (from the network `address`), without a request: the same for a page, the API and
    /// the clearing-house's own job, which passes the moment of its pass.
    func run(by user: UserModel?, from address: String = "", at now: Date? = nil, app: Application, on database: any Database) async throws -> Outcome {
        guard let record = try await ClearingRecordModel.find(recordID, on: database) else {
            throw Abort(.notFound, reason: app.localizer.text("error_404_message", .en))
        }
        let before = try record.publication()
        let standing = user == nil && Self.isTheJobs(step) ? Publication.Standing.job : try await Self.standing(of: user, toward: record, on: database)
        let today = CivilDate(utc: now ?? app.clock.now())
        let taken = before.taking(step, kind: try record.recordKind, by: standing, today: today)
        // Someone with no part in the record is told so, whatever version their page was drawn from.
        if case .failure(.notYours) = taken { return .refused(.notYours) }
        if let basedOn, basedOn != record.version { throw ChangeConflict(entity: "clearing_record") }
        switch taken {
        case .failure(let refusal):
            return .refused(refusal)
        case .success(let next):
            try await database.writeTransaction { db in
                record.version = try await db.claim(ClearingRecordModel.schema, id: recordID, version: record.version,
                                                    expecting: ["status": before.status.rawValue], entity: "clearing_record")
                record.setPublication(next)
                try await record.save(on: db)
                try await AuditLog.record(on: db, actor: user?.email ?? "clearing-house", action: Self.action(step), entity: "clearing_record",
                                          key: recordID.uuidString, before: PublicationRow(before), after: PublicationRow(next), address: address)
                try await ClearingSearchRow.write(record, app: app, on: db)
                try await tell(record, next, by: user, app: app, on: db, now: now ?? app.clock.now())
            }
            return .moved(next)
        }
    }

    /// What `user` is to `record`: its writer, a member of the organisation or a focal point of the State Party
    /// that owns it, an officer of the Secretariat.
    static func standing(of user: UserModel?, toward record: ClearingRecordModel, on db: any Database) async throws -> Publication.Standing {
        guard let user, user.isActive else { return Publication.Standing() }
        let actor = user.actor
        let national = try record.recordKind.isNational
        let isOwner = national
            ? actor.role == .focalPoint && actor.state != nil && actor.state == record.stateISO3
            : user.email == record.ownerEmail || (record.$organisation.id != nil && user.$organisation.id == record.$organisation.id)
        return Publication.Standing(isOwner: isOwner, isSecretariat: AccessPolicy.decide(actor, .manageProgramme).isAllowed,
                                    stateConsented: record.stateConsent)
    }

    /// Who hears of the step, in the same transaction: officers of a request for review, the writer of the review's
    /// outcome (unless they took the step themselves).
    private func tell(_ record: ClearingRecordModel, _ next: Publication, by user: UserModel?, app: Application, on db: any Database,
                      now: Date) async throws {
        let path = "/clearing-house/records/\(recordID.uuidString)"
        let title = record.originalTitle
        switch step {
        case .submit:
            let officers = try await UserModel.query(on: db).filter(\.$role == Role.secretariat.rawValue).filter(\.$isActive == true).all()
            for officer in officers {
                try await app.mailer.enqueue(.recordSubmitted, to: officer.email, name: officer.displayName, language: Language(rawValue: officer.language) ?? .en,
                                             link: app.config.baseURL + "/clearing-house/review", values: ["title": title, "by": user?.displayName ?? ""],
                                             on: db, now: now)
            }
        case .return, .publish:
            guard let writer = try await UserModel.query(on: db).filter(\.$email == record.ownerEmail).filter(\.$isActive == true).first(),
                  writer.email != user?.email else { return }
            try await app.mailer.enqueue(step == .publish ? .recordPublished : .recordReturned, to: writer.email, name: writer.displayName,
                                         language: Language(rawValue: writer.language) ?? .en, link: app.config.baseURL + path,
                                         values: ["title": title, "reason": next.returnReason ?? ""], on: db, now: now)
        default:
            break
        }
    }

    /// Steps the clearing-house's job takes on its own, with no person behind them.
    private static func isTheJobs(_ step: Publication.Step) -> Bool {
        switch step {
        case .expire, .lapse: true
        default: false
        }
    }

    private static func action(_ step: Publication.Step) -> String {
        switch step {
        case .submit: "submit"
        case .recall: "recall"
        case .publish: "publish"
        case .return: "return"
        case .confirm: "confirm"
        case .withdraw: "withdraw"
        case .expire: "expire"
        case .lapse: "lapse"
        }
    }
}

/// What the audit log keeps of where a record stood.
private struct PublicationRow: Encodable {
    let status: String
    let returnReason: String?
    let publishedOn: String?
    let confirmedOn: String?

    init(_ publication: Publication) {
        status = publication.status.rawValue
        returnReason = publication.returnReason
        publishedOn = publication.publishedOn?.description
        confirmedOn = publication.confirmedOn?.description
    }
}
