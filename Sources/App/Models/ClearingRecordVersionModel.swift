import Fluent
import Foundation

/// A clearing-house record's fields as one save left them, numbered per record: who changed what, and when.
final class ClearingRecordVersionModel: Model, @unchecked Sendable {
    static let schema = "clearing_record_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "record_id") var record: ClearingRecordModel
    @Field(key: "number") var number: Int
    @Field(key: "document") var document: String
    @Field(key: "by") var by: String
    @Field(key: "at") var at: Date

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $record, $number, $document, $by, $at] }

    init() {}

    init(recordID: UUID, number: Int, document: String, by: String, at: Date) {
        self.$record.id = recordID
        self.number = number
        self.document = document
        self.by = by
        self.at = at
    }
}
