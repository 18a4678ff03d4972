import Fluent
import Foundation

/// A meeting of the partners: the initial one that agrees the road map, and those that keep the
/// partnership going, in the margins of regional and annual meetings.
final class BilateralMeetingModel: Model, @unchecked Sendable {
    static let schema = "bilateral_meetings"

    enum Kind: String, CaseIterable {
        case initial, followUp = "follow_up"
    }

    /// Scheduled by the Secretariat for a day to come, then held.
    enum Status: String {
        case scheduled, held
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
    /// `Status.rawValue`; `held_on` is the day it is scheduled for until it is held.
    @Field(key: "status") var status: String
    /// `HH:MM`, UTC, when the Secretariat gives one.
    @OptionalField(key: "time") var time: String?
    @Field(key: "online") var online: Bool
    /// Raised by every change (see `Database.claim`).
    @Field(key: "version") var version: Int

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] {
        [$id, $partnership, $kind, $heldOn, $place, $participants, $summary, $recordedBy, $createdAt, $status, $time, $online, $version]
    }

    init() {}

    init(partnershipID: UUID, kind: Kind, heldOn: String, place: String, participants: String, summary: String, recordedBy: String) {
        self.$partnership.id = partnershipID
        self.kind = kind.rawValue
        self.heldOn = heldOn
        self.place = place
        self.participants = participants
        self.summary = summary
        self.recordedBy = recordedBy
        self.status = Status.held.rawValue
        self.online = false
        self.version = 0
    }

    var isScheduled: Bool { status == Status.scheduled.rawValue }
}
