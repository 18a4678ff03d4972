import Fluent
import Foundation

/// A task of a partnership's action plan: what, whose, by when, and whether it is done.
final class PartnershipTaskModel: Model, @unchecked Sendable {
    static let schema = "partnership_tasks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partnership_id") var partnership: PartnershipModel
    @Field(key: "title") var title: String
    /// The State Party whose task it is.
    @Field(key: "owner_iso3") var ownerISO3: String
    @OptionalField(key: "due_on") var dueOn: String?
    @OptionalField(key: "done_at") var doneAt: Date?
    @Field(key: "created_by") var createdBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $partnership, $title, $ownerISO3, $dueOn, $doneAt, $createdBy, $createdAt] }

    init() {}

    init(partnershipID: UUID, title: String, ownerISO3: String, dueOn: String?, createdBy: String) {
        self.$partnership.id = partnershipID
        self.title = title
        self.ownerISO3 = ownerISO3
        self.dueOn = dueOn
        self.createdBy = createdBy
    }
}
