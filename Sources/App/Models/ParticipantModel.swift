import Fluent
import Foundation

/// A State Party's place in a partnership, with its role.
final class ParticipantModel: Model, @unchecked Sendable {
    static let schema = "partnership_participants"

    @ID(key: .id) var id: UUID?
    /// Raised by every change of its lead contact; the contact form sends the version it was drawn from.
    @Field(key: "version") var version: Int
    @Parent(key: "partnership_id") var partnership: PartnershipModel
    @Field(key: "state_iso3") var stateISO3: String
    @Field(key: "role") var role: String
    /// Keeps participants in the order they were recorded (mentor first).
    @Field(key: "position") var position: Int
    /// The person each National Authority names to carry the partnership forward.
    @OptionalField(key: "lead_name") var leadName: String?
    @OptionalField(key: "lead_email") var leadEmail: String?
    @OptionalField(key: "lead_phone") var leadPhone: String?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $version, $partnership, $stateISO3, $role, $position, $leadName, $leadEmail, $leadPhone] }

    init() {}

    init(partnershipID: UUID, stateISO3: String, role: String, position: Int) {
        self.version = 0
        self.$partnership.id = partnershipID
        self.stateISO3 = stateISO3
        self.role = role
        self.position = position
    }
}
