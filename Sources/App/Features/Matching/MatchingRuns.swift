import Fluent
import Foundation
import TandemCore
import Vapor

/// Running the matcher on a call and keeping the result: the pool is read fresh from the accepted
/// applications each time, the run is saved with its parameters, problem and proposal, and approving a run
/// puts each of its pairs to both National Authorities.
struct MatchingRuns {
    let req: Request

    /// The accepted applications of the call, less the states in proposals that still stand.
    func pool(for call: CallModel) async throws -> MatchingPool {
        let callID = try call.requireID()
        let applications = try await ApplicationModel.query(on: req.db).filter(\.$call.$id == callID)
            .filter(\.$status == ApplicationStatus.accepted.rawValue).all()
        let entries = try applications.compactMap { application -> MatchingPool.Entry? in
            guard let state = req.states[application.stateISO3] else { return nil }
            return MatchingPool.Entry(state: state, form: try application.value(),
                                      submittedOn: CivilDate(utc: application.submittedAt ?? req.application.clock.now()))
        }
        let standing = try await PartnershipProposalModel.query(on: req.db).filter(\.$call.$id == callID)
            .filter(\.$status != PartnershipProposalModel.Status.declined.rawValue).all()
            .map { MatchingPair(mentee: $0.menteeISO3, mentor: $0.mentorISO3) }
        return MatchingPool(applications: entries, history: try await req.application.programmeCache.partnerships(on: req.db),
                            call: try call.value(), standing: standing)
    }

    /// What a new run starts from: the latest run's parameters, or the call's defaults, with every pair a
    /// National Authority declined forbidden.
    func startingParameters(for call: CallModel) async throws -> MatchingParameters {
        let callID = try call.requireID()
        var parameters = try await MatchingRunModel.query(on: req.db).filter(\.$call.$id == callID)
            .sort(\.$number, .descending).first()?.parametersValue() ?? .defaults(for: try call.value().rules)
        let declined = try await PartnershipProposalModel.query(on: req.db).filter(\.$call.$id == callID)
            .filter(\.$status == PartnershipProposalModel.Status.declined.rawValue).all()
        for proposal in declined {
            let pair = MatchingPair(mentee: proposal.menteeISO3, mentor: proposal.mentorISO3)
            if !parameters.forbids.contains(pair) { parameters = parameters.forbidding(pair) }
        }
        return parameters
    }

    /// Solves, saves and audits a run; returns it.
    func run(_ call: CallModel, parameters: MatchingParameters, note: String) async throws -> MatchingRunModel {
        let callID = try call.requireID()
        let problem = try await pool(for: call).problem(parameters)
        let proposal = Matcher.solve(problem)
        return try await req.db.writeTransaction { db in
            let number = (try await MatchingRunModel.query(on: db).filter(\.$call.$id == callID).max(\.$number) ?? 0) + 1
            let run = MatchingRunModel(callID: callID, number: number, parameters: parameters, problem: problem, proposal: proposal,
                                       note: note, createdBy: req.currentUser?.email ?? "")
            try await run.create(on: db)
            try await req.audit("create", entity: "matching_run", key: "\(call.slug)#\(number)",
                                after: ["total": proposal.total, "pairs": proposal.pairs.count, "feasible": proposal.isFeasible ? 1 : 0],
                                on: db)
            return run
        }
    }
}

extension Request {
    var matchingRuns: MatchingRuns { MatchingRuns(req: self) }
}
