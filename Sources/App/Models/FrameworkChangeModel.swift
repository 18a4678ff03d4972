import Fluent
import Foundation

/// A proposed change to a partnership's results framework (see `FrameworkChange`): the whole framework as the
/// partner would have it, why, and the Secretariat's decision. Accepted ones are the framework's versions.
final class FrameworkChangeModel: Model, @unchecked Sendable {
    static let schema = "framework_changes"

    @ID(key: .id) var id: UUID?
    /// Raised by every change (see `Database.claim`).
    @Field(key: "version") var version: Int
    @Parent(key: "partnership_id") var partnership: PartnershipModel
    /// 1 for the first proposal of the partnership.
    @Field(key: "number") var number: Int
    /// `FrameworkChange.Status.rawValue`.
    @Field(key: "status") var status: String
    /// `ResultsFramework` as JSON: as the partner proposes it, and as it stood when proposed.
    @Field(key: "framework") var framework: String
    @Field(key: "before") var before: String
    @Field(key: "reason") var reason: String
    @Field(key: "proposed_by") var proposedBy: String
    @Field(key: "proposed_state") var proposedState: String
    @Field(key: "proposed_at") var proposedAt: Date
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "comment") var comment: String

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] {
        [$id, $version, $partnership, $number, $status, $framework, $before, $reason, $proposedBy, $proposedState, $proposedAt, $decidedBy, $decidedAt, $comment]
    }

    init() {}

    init(partnershipID: UUID, number: Int, framework: String, before: String, reason: String, proposedBy: String, proposedState: String, proposedAt: Date) {
        self.version = 0
        self.$partnership.id = partnershipID
        self.number = number
        self.status = "proposed"
        self.framework = framework
        self.before = before
        self.reason = reason
        self.proposedBy = proposedBy
        self.proposedState = proposedState
        self.proposedAt = proposedAt
        self.comment = ""
    }
}
