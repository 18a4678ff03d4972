import Fluent
import Foundation
import TandemCore
import Vapor

/// The Secretariat approves a matching run: a proposal for each pair, an email to the focal points of both
/// states, the run marked approved and the audit entry, in one transaction opened by the guarded write on the
/// run (still unapproved, still the version read). The rule is `RunApproval`, checked again inside the
/// transaction against the proposals that stand then; the unique index on standing proposals per mentee is
/// the backstop when two runs of one call are approved at the same moment. Each pair's applications must still
/// be accepted, and the approval writes them too (guarded on their version and status), so an application
/// withdrawn at the same moment either stops the approval or is refused itself.
struct ApproveMatchingRun {
    let runID: UUID

    func run(on req: Request) async throws -> [PartnershipProposalModel] {
        guard let run = try await MatchingRunModel.find(runID, on: req.db) else {
            throw Abort(.notFound, reason: req.text("matching_run_not_found"))
        }
        let call = try await run.$call.get(on: req.db)
        let proposal = try run.proposalValue()
        let parameters = try run.parametersValue()
        if let refusal = RunApproval.refusal(of: proposal, parameters: parameters, isApproved: run.approvedAt != nil,
                                             standing: try await standing(call, on: req.db)) {
            throw refusalError(refusal, req)
        }
        let pairs = proposal.pairs.map(\.pair)
        let accepted = try await ApplicationModel.query(on: req.db).filter(\.$call.$id == call.requireID())
            .filter(\.$stateISO3 ~~ Array(Set(pairs.flatMap { [$0.mentee, $0.mentor] })))
            .filter(\.$status == ApplicationStatus.accepted.rawValue).all()
        let acceptedStates = Set(accepted.map(\.stateISO3))
        let withdrawn = pairs.filter { !acceptedStates.contains($0.mentee) || !acceptedStates.contains($0.mentor) }
        guard withdrawn.isEmpty else { throw refusalError(.overtaken(withdrawn), req) }
        let app = req.application
        let actor = req.currentUser?.email ?? ""
        let callTitle = try call.value().title
        let states = Set(proposal.pairs.flatMap { [$0.pair.mentee, $0.pair.mentor] })
        let people = try await UserModel.query(on: req.db).filter(\.$stateISO3 ~~ Array(states))
            .filter(\.$role == Role.focalPoint.rawValue).filter(\.$isActive == true).all()
        return try await req.db.writeTransaction { db in
            run.version = try await db.claim(MatchingRunModel.schema, id: runID, version: run.version, expecting: ["approved_at": nil],
                                             entity: "matching_run")
            if let refusal = RunApproval.refusal(of: proposal, parameters: parameters, isApproved: false,
                                                 standing: try await standing(call, on: db)) {
                throw refusalError(refusal, req)
            }
            for application in accepted {
                application.version = try await db.claim(ApplicationModel.schema, id: try application.requireID(), version: application.version,
                                                         expecting: ["status": ApplicationStatus.accepted.rawValue], entity: "application")
            }
            var created: [PartnershipProposalModel] = []
            for entry in proposal.pairs {
                let model = PartnershipProposalModel(callID: try call.requireID(), runID: runID,
                                                     mentee: entry.pair.mentee, mentor: entry.pair.mentor, score: entry.score.total)
                try await model.create(on: db)
                created.append(model)
                let link = app.config.baseURL + "/proposals/\(try model.requireID().uuidString)"
                for person in people where person.stateISO3 == entry.pair.mentee || person.stateISO3 == entry.pair.mentor {
                    let language = Language(rawValue: person.language) ?? .en
                    let isMentee = person.stateISO3 == entry.pair.mentee
                    try await app.mailer.enqueue(
                        .partnershipProposal, to: person.email, name: person.displayName, language: language, link: link,
                        values: ["state": req.states.name(person.stateISO3 ?? "", in: language),
                                 "partner": req.states.name(isMentee ? entry.pair.mentor : entry.pair.mentee, in: language),
                                 "role": app.localizer.text(isMentee ? "proposal_role_mentee" : "proposal_role_mentor", language),
                                 "call": callTitle],
                        on: db, now: app.clock.now())
                }
            }
            run.approvedBy = actor
            run.approvedAt = app.clock.now()
            try await run.save(on: db)
            try await req.audit("approve", entity: "matching_run", key: "\(call.slug)#\(run.number)",
                                after: ["proposals": created.map { "\($0.menteeISO3)–\($0.mentorISO3)" }], on: db)
            return created
        }
    }

    private func standing(_ call: CallModel, on db: any Database) async throws -> [MatchingPair] {
        try await PartnershipProposalModel.query(on: db).filter(\.$call.$id == call.requireID())
            .filter(\.$status != PartnershipProposalModel.Status.declined.rawValue).all()
            .map { MatchingPair(mentee: $0.menteeISO3, mentor: $0.mentorISO3) }
    }

    private func refusalError(_ refusal: RunApproval.Refusal, _ req: Request) -> Abort {
        var values: [String: String] = [:]
        if case .overtaken(let pairs) = refusal {
            values["pairs"] = pairs.map { "\(req.states.name($0.mentee, in: req.language))–\(req.states.name($0.mentor, in: req.language))" }
                .joined(separator: ", ")
        }
        return Abort(.conflict, reason: req.localizer.text(refusal.key, req.language, values))
    }
}
