import Fluent
import Foundation

/// A pair the Secretariat approved from a matching run, put to both National Authorities. It stands
/// until both accept (it is then agreed) or one declines with a reason (both states go back to the pool).
final class PartnershipProposalModel: Model, @unchecked Sendable {
    static let schema = "partnership_proposals"

    enum Status: String, CaseIterable {
        case awaiting, agreed, declined
    }

    enum Answer: String, CaseIterable {
        case accepted, declined
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "call_id") var call: CallModel
    @Parent(key: "run_id") var run: MatchingRunModel
    @Field(key: "mentee_iso3") var menteeISO3: String
    @Field(key: "mentor_iso3") var mentorISO3: String
    @Field(key: "score") var score: Int
    @Field(key: "status") var status: String
    @OptionalField(key: "mentee_answer") var menteeAnswer: String?
    @OptionalField(key: "mentor_answer") var mentorAnswer: String?
    @OptionalField(key: "decline_reason") var declineReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(callID: UUID, runID: UUID, mentee: String, mentor: String, score: Int) {
        self.$call.id = callID
        self.$run.id = runID
        self.menteeISO3 = mentee
        self.mentorISO3 = mentor
        self.score = score
        self.status = Status.awaiting.rawValue
    }

    var proposalStatus: Status { Status(rawValue: status) ?? .awaiting }

    /// The answer given for `state`, if it is one of the two.
    func answer(of state: String) -> Answer? {
        if state == menteeISO3 { return menteeAnswer.flatMap(Answer.init(rawValue:)) }
        if state == mentorISO3 { return mentorAnswer.flatMap(Answer.init(rawValue:)) }
        return nil
    }
}
