import Fluent
import Foundation
import TandemCore
import Vapor

/// A National Authority accepts or declines a partnership proposal. The rule is `ProposalState.answering`; this
/// persists it: the answer, the partnership when both accepted, the emails when one declined, and the audit,
/// all in one transaction opened by the guarded write on the proposal's version. Two states answering at once
/// do not depend on each other's answer, so a conflict is decided again on what the other wrote.
struct AnswerProposal {
    let proposalID: UUID
    let state: String
    let answer: ProposalState.Answer
    let reason: String

    /// What came of the answer, with the partnership's code when it began one.
    struct Outcome {
        let result: ProposalState.Outcome
        let partnershipCode: String?
    }

    func run(on req: Request) async throws -> Outcome {
        try await retryingConflicts {
            guard let proposal = try await PartnershipProposalModel.find(proposalID, on: req.db) else {
                throw Abort(.notFound, reason: req.text("error_404_message"))
            }
            let before = try proposal.state()
            let (next, result) = try before.answering(answer, by: state, reason: reason).get()
            let actor = req.currentUser?.email ?? ""
            return try await req.db.writeTransaction { db in
                proposal.version = try await db.claim(PartnershipProposalModel.schema, id: proposalID, version: proposal.version,
                                                      entity: "proposal")
                proposal.apply(next)
                try await proposal.save(on: db)
                try await req.audit("answer", entity: "partnership_proposal", key: "\(proposal.menteeISO3)–\(proposal.mentorISO3)",
                                    before: ["status": before.status.rawValue, "mentee": before.menteeAnswer?.rawValue ?? "",
                                             "mentor": before.mentorAnswer?.rawValue ?? ""],
                                    after: ["status": next.status.rawValue, "state": state, "answer": answer.rawValue,
                                            "reason": next.declineReason ?? ""], on: db)
                switch result {
                case .waiting:
                    return Outcome(result: result, partnershipCode: nil)
                case .declined:
                    try await tellOfDecline(req, proposal, reason: next.declineReason ?? "", on: db)
                    return Outcome(result: result, partnershipCode: nil)
                case .agreed:
                    let partnership = try await PartnershipStarter(app: req.application).start(
                        mentor: proposal.mentorISO3, mentee: proposal.menteeISO3, call: try await proposal.$call.get(on: db),
                        proposalID: proposalID, status: .active, source: PartnershipModel.fromProposal, actor: actor, on: db)
                    return Outcome(result: result, partnershipCode: partnership.code)
                }
            }
        }
    }

    /// Writes to the other state's focal points and to every programme officer, each in their language, so
    /// that nobody waits on a pair that will not form.
    private func tellOfDecline(_ req: Request, _ proposal: PartnershipProposalModel, reason: String, on db: any Database) async throws {
        let other = state == proposal.menteeISO3 ? proposal.mentorISO3 : proposal.menteeISO3
        let people = try await UserModel.query(on: db).filter(\.$isActive == true).group(.or) { either in
            either.filter(\.$role == Role.secretariat.rawValue)
            either.group(.and) { $0.filter(\.$role == Role.focalPoint.rawValue).filter(\.$stateISO3 == other) }
        }.all()
        let call = try await proposal.$call.get(on: db).value().title
        let link = req.application.config.baseURL + "/proposals/\(proposalID.uuidString)"
        for person in people {
            let language = Language(rawValue: person.language) ?? .en
            let name = { (code: String) in req.states.name(code, in: language) }
            try await req.application.mailer.enqueue(
                .proposalDeclined, to: person.email, name: person.displayName, language: language, link: link,
                values: ["partners": name(proposal.menteeISO3) + " – " + name(proposal.mentorISO3),
                         "decliner": name(state), "other": name(other), "call": call, "reason": reason],
                on: db, now: req.application.clock.now())
        }
    }
}
