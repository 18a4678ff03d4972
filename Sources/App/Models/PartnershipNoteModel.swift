import Fluent
import Foundation

/// A note in a partnership's workspace, seen by its partners and the Secretariat only.
final class PartnershipNoteModel: Model, @unchecked Sendable {
    static let schema = "partnership_notes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partnership_id") var partnership: PartnershipModel
    @Field(key: "author") var author: String
    @Field(key: "body") var body: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $partnership, $author, $body, $createdAt] }

    init() {}

    init(partnershipID: UUID, author: String, body: String) {
        self.$partnership.id = partnershipID
        self.author = author
        self.body = body
    }
}
