import Fluent
import Foundation

/// Something that happened in a partnership, for its timeline: a visit proposed, a report returned, a
/// status changed. Kept as a locale key and its values, so each reader sees it in their language.
final class TimelineEventModel: Model, @unchecked Sendable {
    static let schema = "partnership_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "partnership_id") var partnership: PartnershipModel
    /// The locale key is `timeline_<kind>`.
    @Field(key: "kind") var kind: String
    /// JSON object of the sentence's values.
    @Field(key: "details") var details: String
    @Field(key: "actor") var actor: String
    @Field(key: "at") var at: Date

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $partnership, $kind, $details, $actor, $at] }

    init() {}

    init(partnershipID: UUID, kind: String, details: [String: String], actor: String, at: Date) {
        self.$partnership.id = partnershipID
        self.kind = kind
        self.details = StoredJSON.text(details)
        self.actor = actor
        self.at = at
    }

    var values: [String: String] { (try? StoredJSON.value([String: String].self, from: details)) ?? [:] }
}
