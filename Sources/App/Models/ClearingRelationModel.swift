import Fluent
import Foundation
import TandemCore

/// One relation of a clearing-house record: to another record, a partnership or an application
/// (`RecordRelation`). A record relates to a target once (`record_id`, `target`, `target_key` is unique); the
/// target's side is found by (`target`, `target_key`).
final class ClearingRelationModel: Model, @unchecked Sendable {
    static let schema = "clearing_relations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "record_id") var record: ClearingRecordModel
    /// `RecordRelation.Target.rawValue`.
    @Field(key: "target") var target: String
    @Field(key: "target_key") var targetKey: String
    @Field(key: "added_by") var addedBy: String
    @Field(key: "added_at") var addedAt: Date

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $record, $target, $targetKey, $addedBy, $addedAt] }

    init() {}

    init(recordID: UUID, relation: RecordRelation, by email: String, at moment: Date) {
        self.$record.id = recordID
        self.target = relation.target.rawValue
        self.targetKey = relation.key
        self.addedBy = email
        self.addedAt = moment
    }

    /// Nil for a row no version of Tandem wrote.
    var relation: RecordRelation? {
        RecordRelation.Target(rawValue: target).map { RecordRelation($0, key: targetKey) }
    }
}
