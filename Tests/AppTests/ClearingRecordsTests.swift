import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
@testable import App

extension AppTests {
    /// Clearing-house records move towards the public as guarded writes, each step audited: two officers
    /// publishing the same record at once publish it once.
    @Suite struct ClearingRecordsTests {
        func user(_ email: String, _ role: Role, state: String? = nil, organisation: UUID? = nil, on db: any Database) async throws -> UserModel {
            let user = UserModel(email: email, displayName: email, language: .en, role: role, stateISO3: state, organisationID: organisation)
            try await user.create(on: db)
            return user
        }

        @Test func anOpportunityIsReturnedThenPublishedOnceWhenTwoOfficersPublishAtOnce() async throws {
            try await withTandem { app in
                let organisation = OrganisationModel(name: "Training Institute", kind: "training", countryISO3: nil)
                try await organisation.create(on: app.db)
                let writer = try await user("writer@example.org", .organisation, organisation: organisation.id, on: app.db)
                let colleague = try await user("colleague@example.org", .organisation, organisation: organisation.id, on: app.db)
                let stranger = try await user("stranger@example.org", .organisation, on: app.db)
                let officers = [try await user("one@example.org", .secretariat, on: app.db), try await user("two@example.org", .secretariat, on: app.db)]
                let record = ClearingRecordModel(kind: .opportunity, ownerEmail: writer.email, organisationID: organisation.id,
                                                 visibility: .public, language: .fr)
                try await record.create(on: app.db)
                let id = try record.requireID()
                func move(_ step: Publication.Step, _ who: UserModel) async throws -> MoveClearingRecord.Outcome {
                    try await MoveClearingRecord(recordID: id, step: step).run(by: who, app: app, on: app.db)
                }

                #expect(try await move(.submit, stranger) == .refused(.notYours))
                guard case .moved(let submitted) = try await move(.submit, writer) else { Issue.record("not submitted"); return }
                #expect(submitted.status == .submitted)
                #expect(try await move(.return(reason: ""), officers[0]) == .refused(.reasonNeeded))
                guard case .moved(let returned) = try await move(.return(reason: "Give the deadline."), officers[0]) else { Issue.record("not returned"); return }
                #expect(returned.returnReason == "Give the deadline.")
                // A colleague of the same organisation may send it again.
                #expect(try await move(.submit, colleague) != .refused(.notYours))

                let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                    for officer in officers {
                        group.addTask {
                            do {
                                switch try await MoveClearingRecord(recordID: id, step: .publish).run(by: officer, app: app, on: app.db) {
                                case .moved: return "moved"
                                case .refused(let refusal): return refusal.rawValue
                                }
                            } catch is ChangeConflict {
                                return "conflict"
                            }
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 == "moved" }.count == 1, "\(outcomes)")
                let stored = try #require(try await ClearingRecordModel.find(id, on: app.db))
                #expect(try stored.publication().status == .published && stored.version == 4)
                let steps = try await AuditEntryModel.query(on: app.db).filter(\.$entity == "clearing_record").sort(\.$at).all().map(\.action)
                #expect(steps == ["submit", "return", "submit", "publish"])
            }
        }

        /// Two colleagues saving the same opportunity from the same page: one save is kept as version 1, the other is
        /// told the record moved on and is shown what is stored, and nothing is written over.
        @Test func twoSavesFromTheSamePageKeepOneAndEveryVersionIsNumbered() async throws {
            try await withTandem { app in
                let writers = [try await user("a@example.org", .organisation, on: app.db), try await user("b@example.org", .organisation, on: app.db)]
                let record = ClearingRecordModel(kind: .opportunity, ownerEmail: writers[0].email, visibility: .public, language: .en)
                try await record.create(on: app.db)
                let id = try record.requireID()
                let forms = [RecordDocument(values: ["title": "Customs course"]), RecordDocument(values: ["title": "Course for customs officers"])]
                let documents = try forms.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
                let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                    for (writer, document) in zip(writers, documents) {
                        group.addTask {
                            switch try await SaveClearingRecord(recordID: id, draft: .init(document: document, visibility: .public, language: .en), basedOn: 0).run(by: writer, app: app, on: app.db) {
                            case .saved: "saved"
                            case .unchanged: "unchanged"
                            case .stale: "stale"
                            }
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
                #expect(outcomes.sorted() == ["saved", "stale"], "\(outcomes)")
                let stored = try #require(try await ClearingRecordModel.find(id, on: app.db))
                #expect(stored.version == 1 && documents.contains(stored.document))
                let versions = try await ClearingRecordVersionModel.query(on: app.db).filter(\.$record.$id == id).all()
                #expect(versions.map(\.number) == [1] && versions[0].document == stored.document)
                // The other writer, shown the stored version, saves on top of it: version 2.
                let other = documents.first { $0 != stored.document }!
                let writer = writers.first { versions[0].by != $0.email }!
                guard case .saved(let again) = try await SaveClearingRecord(recordID: id, draft: .init(document: other, visibility: .public, language: .en), basedOn: 1).run(by: writer, app: app, on: app.db) else {
                    Issue.record("not saved"); return
                }
                #expect(again.version == 2)
                #expect(try await ClearingRecordVersionModel.query(on: app.db).filter(\.$record.$id == id).sort(\.$number).all().map(\.by)
                        == [versions[0].by, writer.email])
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$entity == "clearing_record").filter(\.$action == "save").count() == 2)
            }
        }

        /// A request for review reminds its writer after ten weeks, once, and goes back to a draft after twelve, telling
        /// them so in their language.
        @Test func aRequestWaitingTooLongRemindsItsWriterOnceThenGoesBackToADraft() async throws {
            try await withTandem { app in
                let writer = UserModel(email: "writer@example.org", displayName: "Writer", language: .fr, role: .organisation, stateISO3: nil, organisationID: nil)
                try await writer.create(on: app.db)
                let form = RecordDocument(values: ["title": "Cours de formation des douaniers"])
                let record = ClearingRecordModel(kind: .opportunity, ownerEmail: writer.email, visibility: .public, language: .fr,
                                                 document: String(decoding: try JSONEncoder().encode(form), as: UTF8.self))
                let submitted = CivilDate(iso: "2026-09-01")!
                record.setPublication(Publication(status: .submitted, submittedOn: submitted))
                try await record.create(on: app.db)
                func moment(_ day: CivilDate) -> Date { ISO8601DateFormatter().date(from: day.description + "T08:00:00Z")! }
                let job = ClearingHouseReminders(app: app)
                #expect(try await job.run(on: app.db, now: moment(submitted.adding(days: 69))) == .init())
                // Two instances' passes at the same moment remind once.
                let reminded = try await withThrowingTaskGroup(of: Int.self) { group in
                    for _ in 0..<2 { group.addTask { try await ClearingHouseReminders(app: app).run(on: app.db, now: moment(submitted.adding(days: 70))).reminded } }
                    return try await group.reduce(0, +)
                }
                #expect(reminded == 1)
                #expect(try await job.run(on: app.db, now: moment(submitted.adding(days: 75))) == .init())
                let reminder = try #require(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "record_expiring").first())
                #expect(reminder.subject == "En attente d’examen jusqu’au 24 novembre 2026 : Cours de formation des douaniers")

                #expect(try await job.run(on: app.db, now: moment(submitted.adding(days: 84))) == .init(reminded: 0, expired: 1))
                let stored = try #require(try await ClearingRecordModel.find(record.requireID(), on: app.db))
                #expect(try stored.publication() == Publication(status: .draft, expiredOn: submitted.adding(days: 84)))
                #expect(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "record_expired").count() == 1)
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "expire").first()?.actor == "clearing-house")
                #expect(try await job.run(on: app.db, now: moment(submitted.adding(days: 90))) == .init())
            }
        }

        @Test func aNeedIsPublishedByItsOwnStateAndByTheSecretariatOnlyWithItsConsent() async throws {
            try await withTandem { app in
                let ghana = try await user("gh@example.org", .focalPoint, state: "GHA", on: app.db)
                let peru = try await user("pe@example.org", .focalPoint, state: "PER", on: app.db)
                let officer = try await user("officer@example.org", .secretariat, on: app.db)
                let need = ClearingRecordModel(kind: .need, ownerEmail: ghana.email, stateISO3: "GHA", visibility: .public, language: .en)
                try await need.create(on: app.db)
                let id = try need.requireID()
                func move(_ step: Publication.Step, _ who: UserModel) async throws -> MoveClearingRecord.Outcome {
                    try await MoveClearingRecord(recordID: id, step: step).run(by: who, app: app, on: app.db)
                }
                #expect(try await move(.publish, peru) == .refused(.notYours))
                #expect(try await move(.publish, officer) == .refused(.consentNeeded))
                need.stateConsent = true
                try await need.save(on: app.db)
                guard case .moved(let published) = try await move(.publish, officer) else { Issue.record("not published"); return }
                #expect(published.status == .published)
                #expect(try await move(.withdraw, ghana) != .refused(.notYours))
                // A page drawn before the last change cannot move it.
                await #expect(throws: ChangeConflict.self) {
                    try await MoveClearingRecord(recordID: id, step: .publish, basedOn: 0).run(by: ghana, app: app, on: app.db)
                }
            }
        }
    }
}
