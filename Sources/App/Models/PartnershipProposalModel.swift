import Fluent
import Foundation
import TandemCore

/// A pair the Secretariat approved from a matching run, put to both National Authorities. It stands
/// until both accept (it is then agreed) or one declines with a reason (both states go back to the pool).
final class PartnershipProposalModel: Model, @unchecked Sendable {
    static let schema = "partnership_proposals"

    typealias Status = ProposalState.Status
    typealias Answer = ProposalState.Answer

    @ID(key: .id) var id: UUID?
    /// Raised by every change; a change writes only if it is still the version it read (see `Database.claim`).
    @Field(key: "version") var version: Int
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

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $version, $call, $run, $menteeISO3, $mentorISO3, $score, $status, $menteeAnswer, $mentorAnswer, $declineReason, $createdAt, $updatedAt] }

    init() {}

    init(callID: UUID, runID: UUID, mentee: String, mentor: String, score: Int) {
        self.version = 0
        self.$call.id = callID
        self.$run.id = runID
        self.menteeISO3 = mentee
        self.mentorISO3 = mentor
        self.score = score
        self.status = Status.awaiting.rawValue
    }

    var proposalStatus: Status { get throws { try StoredValue.read(Status.self, status, column: "partnership_proposals.status") } }

    /// The proposal as its answering rule sees it.
    func state() throws -> ProposalState {
        ProposalState(mentee: menteeISO3, mentor: mentorISO3, status: try proposalStatus,
                      menteeAnswer: try menteeAnswer.map { try StoredValue.read(Answer.self, $0, column: "partnership_proposals.mentee_answer") },
                      mentorAnswer: try mentorAnswer.map { try StoredValue.read(Answer.self, $0, column: "partnership_proposals.mentor_answer") },
                      declineReason: declineReason)
    }

    func apply(_ state: ProposalState) {
        status = state.status.rawValue
        menteeAnswer = state.menteeAnswer?.rawValue
        mentorAnswer = state.mentorAnswer?.rawValue
        declineReason = state.declineReason
    }

    /// The answer given for `state`, if it is one of the two.
    func answer(of state: String) throws -> Answer? {
        try self.state().answer(of: state)
    }
}
