import Fluent
import Foundation
import TandemCore

/// One run of the matcher on a call, kept for good: the parameters the Secretariat set, the problem they
/// made of the accepted applications at that moment, and the proposal that came out. JSON text, read and
/// written only through the TandemCore types, so both databases store it the same way.
final class MatchingRunModel: Model, @unchecked Sendable {
    static let schema = "matching_runs"

    @ID(key: .id) var id: UUID?
    /// Raised by every change; a change writes only if it is still the version it read (see `Database.claim`).
    @Field(key: "version") var version: Int
    @Parent(key: "call_id") var call: CallModel
    /// 1, 2, 3… within the call: how the Secretariat refers to a run.
    @Field(key: "number") var number: Int
    @Field(key: "parameters") var parameters: String
    @Field(key: "problem") var problem: String
    @Field(key: "proposal") var proposal: String
    @Field(key: "total") var total: Int
    @Field(key: "pair_count") var pairCount: Int
    @Field(key: "feasible") var feasible: Bool
    /// What changed from the run it was adjusted from, in words of the Secretariat's own choosing.
    @Field(key: "note") var note: String
    @Field(key: "created_by") var createdBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "approved_by") var approvedBy: String?
    @OptionalField(key: "approved_at") var approvedAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $version, $call, $number, $parameters, $problem, $proposal, $total, $pairCount, $feasible, $note, $createdBy, $createdAt, $approvedBy, $approvedAt] }

    init() {}

    init(callID: UUID, number: Int, parameters: MatchingParameters, problem: MatchingProblem, proposal: MatchingProposal,
         note: String, createdBy: String) {
        self.version = 0
        self.$call.id = callID
        self.number = number
        self.parameters = StoredJSON.document(parameters)
        self.problem = StoredJSON.document(problem)
        self.proposal = StoredJSON.document(proposal)
        self.total = proposal.total
        self.pairCount = proposal.pairs.count
        self.feasible = proposal.isFeasible
        self.note = note
        self.createdBy = createdBy
    }

    func parametersValue() throws -> MatchingParameters {
        try StoredValue.document(MatchingParameters.self, parameters, column: "matching_runs.parameters")
    }

    func problemValue() throws -> MatchingProblem { try StoredValue.document(MatchingProblem.self, problem, column: "matching_runs.problem") }

    func proposalValue() throws -> MatchingProposal { try StoredValue.document(MatchingProposal.self, proposal, column: "matching_runs.proposal") }
}
