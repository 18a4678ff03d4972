import Fluent
import Foundation

/// A meeting of the partners: the initial one that agrees the road map, and those that keep the
/// partnership going, in the margins of regional and annual meetings.
final class BilateralMeetingModel: Model, @unchecked Sendable {
    static let schema = "bilateral_meetings"

    enum Kind: String, CaseIterable {
        case initial, followUp = "follow_up"
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "partnership_id") var partnership: PartnershipModel
    @Field(key: "kind") var kind: String
    @Field(key: "held_on") var heldOn: String
    /// Online, in a capital, in the margins of a meeting.
    @Field(key: "place") var place: String
    @Field(key: "participants") var participants: String
    /// What was agreed: the road map after the initial meeting.
    @Field(key: "summary") var summary: String
    @Field(key: "recorded_by") var recordedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $partnership, $kind, $heldOn, $place, $participants, $summary, $recordedBy, $createdAt] }

    init() {}

    init(partnershipID: UUID, kind: Kind, heldOn: String, place: String, participants: String, summary: String, recordedBy: String) {
        self.$partnership.id = partnershipID
        self.kind = kind.rawValue
        self.heldOn = heldOn
        self.place = place
        self.participants = participants
        self.summary = summary
        self.recordedBy = recordedBy
    }
}
