import Fluent
import Foundation
import TandemCore
import Vapor

/// A record's relations as a reader may see them: each target shown only to someone who may open it (a record
/// they may read, an application of their own state's or, for the Secretariat, any; a partnership's public page
/// is everyone's), and the records that relate to a record, a partnership or an application, published ones only
/// unless the reader owns them.
struct RecordRelations {
    struct Row: Encodable {
        let kind: String
        let title: String
        let href: String
        /// The relation's target and key, for its record's owners to take it away.
        let target: String
        let key: String
    }

    let req: Request

    /// What `record` relates to, in the order the relations were added, that the reader may open.
    func targets(of record: ClearingRecordModel) async throws -> [Row] {
        let relations = try await ClearingRelationModel.query(on: req.db).filter(\.$record.$id == record.requireID()).sort(\.$addedAt).all()
            .compactMap(\.relation)
        var rows: [Row] = []
        for relation in relations {
            if let row = try await row(for: relation) { rows.append(row) }
        }
        return rows
    }

    /// Whether the reader may open what `relation` leads to: what they may relate a record to.
    func visible(_ relation: RecordRelation) async throws -> Bool {
        try await row(for: relation) != nil
    }

    /// The records related to `relation`'s target that the reader may read: published, or their own.
    func referring(to relation: RecordRelation) async throws -> [Row] {
        let ids = try await ClearingRelationModel.query(on: req.db).filter(\.$target == relation.target.rawValue)
            .filter(\.$targetKey == relation.key).sort(\.$addedAt).all().map(\.$record.id)
        guard !ids.isEmpty else { return [] }
        let labels = RecordLabels(req)
        var rows: [Row] = []
        for record in try await ClearingRecordModel.query(on: req.db).filter(\.$id ~~ ids).all() {
            let access = try await RecordAccess.of(record, by: req.currentUser, on: req.db)
            let owned = access.standing.isOwner || access.standing.isSecretariat
            guard access.publication.status == .published || owned,
                  access.publication.mayRead(record.recordVisibility, by: access.standing, signedIn: req.currentUser != nil) else { continue }
            let id = try record.requireID().uuidString
            rows.append(Row(kind: labels.kind(access.kind), title: try record.title(in: req.language, document: access.document).text,
                            href: "/clearing-house/records/" + id, target: RecordRelation.Target.record.rawValue, key: id))
        }
        return rows.sorted { $0.title.localizedCaseInsensitiveCompare($1.title) == .orderedAscending }
    }

    private func row(for relation: RecordRelation) async throws -> Row? {
        let language = req.language
        switch relation.target {
        case .record:
            guard let id = UUID(uuidString: relation.key), let record = try await ClearingRecordModel.find(id, on: req.db) else { return nil }
            let access = try await RecordAccess.of(record, by: req.currentUser, on: req.db)
            guard access.publication.mayRead(record.recordVisibility, by: access.standing, signedIn: req.currentUser != nil) else { return nil }
            return Row(kind: RecordLabels(req).kind(access.kind), title: try record.title(in: language, document: access.document).text,
                       href: relation.path, target: relation.target.rawValue, key: relation.key)
        case .partnership:
            guard let partnership = try await req.partnerships.find(code: relation.key) else { return nil }
            let states = partnership.states.map { req.application.statesDirectory.name($0, in: language) }.joined(separator: " – ")
            return Row(kind: req.text("relation_partnership"), title: "\(partnership.code): \(states)", href: relation.path,
                       target: relation.target.rawValue, key: relation.key)
        case .application:
            guard let application = try await req.applications.find(relation.key),
                  AccessPolicy.decide(req.actor, .readStateRecords(state: application.stateISO3)).isAllowed else { return nil }
            let title = req.localizer.text("relation_application_title", language, [
                "state": req.application.statesDirectory.name(application.stateISO3, in: language), "call": application.call.slug,
            ])
            return Row(kind: req.text("relation_application"), title: title, href: relation.path, target: relation.target.rawValue, key: relation.key)
        }
    }
}
