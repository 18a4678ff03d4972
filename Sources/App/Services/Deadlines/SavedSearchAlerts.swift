import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// The deadlines job's part for saved searches: each search with alerts on, once its day or week has passed, finds
/// the records published since its last alert that its owner may read; if there are any, one email lists them. Each
/// alert is recorded under a unique key in the transaction that writes its email and moves the search's clock on,
/// so it goes out once even when two instances run the pass together; a search with nothing new sends nothing.
struct SavedSearchAlerts {
    let app: Application
    /// Records listed in one email; the search's link shows the rest.
    static let listed = 20

    @discardableResult
    func run(on db: any Database, now: Date) async throws -> Int {
        var sent = 0
        let searches = try await SavedSearchModel.query(on: db).filter(\.$frequency != SavedSearchModel.Frequency.off.rawValue).with(\.$user).all()
        for search in searches where Self.isDue(search, now: now) && search.user.isActive {
            if try await alert(search, now: now, on: db) { sent += 1 }
        }
        return sent
    }

    static func isDue(_ search: SavedSearchModel, now: Date) -> Bool {
        switch SavedSearchModel.Frequency(rawValue: search.frequency) {
        case .daily: CivilDate(utc: search.alertedAt) < CivilDate(utc: now)
        case .weekly: now.timeIntervalSince(search.alertedAt) >= 7 * 86_400
        default: false
        }
    }

    private func alert(_ search: SavedSearchModel, now: Date, on db: any Database) async throws -> Bool {
        let id = try search.requireID()
        let key = "search:\(id):\(CivilDate(utc: now))"
        if try await SentReminderModel.query(on: db).filter(\.$key == key).count() > 0 { return false }
        let user = search.user
        let query = RecordQuery(items: FormBody.pairs(search.query))
        let reader = RecordSearch.Reader(signedIn: true, secretariat: AccessPolicy.decide(user.actor, .manageProgramme).isAllowed)
        let found = try await RecordSearch().allIDs(query, reader: reader, index: app.clearingIndex, on: db)
        let since = ClearingSearchRow.moment(search.alertedAt)
        let fresh = Set(try await (db as! any SQLDatabase).select().column("record_id").from(ClearingSearchRow.schema)
            .where("published", .equal, SQLBind(true)).where("published_at", .greaterThan, SQLBind(since)).all()
            .map { try $0.decode(column: "record_id", as: UUID.self) })
        let news = found.filter(fresh.contains)
        let language = Language(rawValue: user.language) ?? .en
        var lines: [String] = []
        if !news.isEmpty {
            let models = try await ClearingRecordModel.query(on: db).filter(\.$id ~~ Array(news.prefix(Self.listed))).all()
            let byID = Dictionary(try models.map { (try $0.requireID(), $0) }) { one, _ in one }
            for recordID in news.prefix(Self.listed) {
                guard let model = byID[recordID], let document = try? model.recordDocument(), let title = try? model.title(in: language, document: document) else { continue }
                lines.append("– \(title.text)\n  \(app.config.baseURL)/clearing-house/records/\(recordID.uuidString)")
            }
        }
        let listing = lines
        do {
            try await db.writeTransaction { tx in
                try await SentReminderModel(key: key, sentAt: now).create(on: tx)
                search.alertedAt = now
                try await search.save(on: tx)
                guard !listing.isEmpty else { return }
                try await app.mailer.enqueue(
                    .savedSearchAlert, to: user.email, name: user.displayName, language: language,
                    link: app.config.baseURL + SavedSearchesController.address(search.query),
                    values: ["search": search.name, "count": language.format(news.count), "records": listing.joined(separator: "\n"),
                             "manage": app.config.baseURL + "/clearing-house/saved"],
                    on: tx, now: now)
            }
        } catch where error.isConstraintViolation {
            return false
        }
        return !lines.isEmpty
    }
}
