import Fluent
import TandemCore
import Vapor

/// Partnership proposals after the Secretariat approved a matching run: each National Authority of the pair
/// accepts or declines (with a reason); the Secretariat follows them all. A focal point sees only the
/// proposals of their own state.
struct ProposalsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let proposals = routes.grouped("proposals").grouped(RequireMiddleware(.manageOwnAccount))
        proposals.get(use: index)
        proposals.get(":id", use: show)
        proposals.post(":id", "answer", use: answer)
    }

    struct Row: Encodable, Hashable, Sendable {
        let href: String
        /// `PER-MEX`: the mentee's and the mentor's codes.
        let pair: String
        let mentee: String
        let mentor: String
        let call: String
        let score: Int
        let status: String
    }

    struct ListPage: Encodable, Hashable, Sendable {
        let rows: [Row]
    }

    struct DetailPage: Encodable {
        /// The longest reason kept, for the field's own limit and counter.
        let reasonLimit = ProposalsController.reasonLimit
        let title: String
        let mentee: String
        let mentor: String
        let call: String
        let callHref: String
        let score: Int
        let status: String
        let answers: [LabelValue]
        let declineReason: String?
        let answerAction: String?
        let yourState: String?
        let csrf: String
        let errors: [String: String]
        let reason: String
        /// A decline sent back for its reason stays chosen.
        let declining: Bool
        /// The partnership an agreed proposal began.
        let partnershipHref: String?
    }

    @Sendable func index(req: Request) async throws -> View {
        var query = PartnershipProposalModel.query(on: req.db).with(\.$call).sort(\.$createdAt, .descending)
        if !AccessPolicy.decide(req.actor, .manageCalls).isAllowed {
            let state = req.currentUser?.stateISO3 ?? ""
            query = query.group(.or) { $0.filter(\.$menteeISO3 == state).filter(\.$mentorISO3 == state) }
        }
        let language = req.language
        let rows = try await query.all().map { proposal in
            Row(href: "/proposals/\(try proposal.requireID().uuidString)", pair: proposal.menteeISO3 + "-" + proposal.mentorISO3,
                mentee: req.states.name(proposal.menteeISO3, in: language),
                mentor: req.states.name(proposal.mentorISO3, in: language), call: try proposal.call.value().title(in: language), score: proposal.score,
                status: status(req, proposal))
        }
        return try await req.renderListPage("proposals/index", title: req.text("proposals_title"), ListPage(rows: rows))
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, try await Self.proposal(req), errors: [:], reason: "")
    }

    struct Answer: Content {
        var answer: String?
        var reason: String?
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let proposal = try await Self.proposal(req)
        guard let state = answeringState(req, proposal) else {
            throw Abort(.forbidden, reason: req.text("proposal_not_yours"))
        }
        let form = (try? req.content.decode(Answer.self)) ?? Answer()
        let reason = String((form.reason ?? "").prefix(Self.reasonLimit))
        guard let answer = form.answer.flatMap(ProposalState.Answer.init(rawValue:)) else {
            return try await render(req, proposal, errors: ["answer": req.text("proposal_answer_needed")], reason: reason)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let href = "/proposals/\(try proposal.requireID().uuidString)"
        let outcome: AnswerProposal.Outcome
        do {
            outcome = try await AnswerProposal(proposalID: try proposal.requireID(), state: state, answer: answer, reason: reason).run(on: req)
        } catch ProposalState.Refusal.reasonNeeded {
            return try await render(req, proposal, errors: ["reason": req.text("proposal_reason_needed")], reason: reason)
                .encodeResponse(status: .unprocessableEntity, for: req)
        } catch let refusal as ProposalState.Refusal {
            throw Abort(.conflict, reason: req.text(refusal.rawValue))
        }
        // The second acceptance begins the partnership: that state is told so, not asked to wait for the first.
        if let code = outcome.partnershipCode { return req.redirect(to: "/partnerships/\(code)", confirming: "done_proposal_agreed") }
        return req.redirect(to: href, confirming: answer == .accepted ? "done_proposal_accepted" : "done_proposal_declined")
    }

    /// A reason is a few sentences; longer text is cut here rather than refused.
    static let reasonLimit = 2000

    /// The state a signed-in focal point answers for: theirs, if it is one of the pair. Whether it may still
    /// answer is the rule's to say (`ProposalState.answering`).
    private func answeringState(_ req: Request, _ proposal: PartnershipProposalModel) -> String? {
        guard let user = req.currentUser, user.role == Role.focalPoint.rawValue, let state = user.stateISO3,
              [proposal.menteeISO3, proposal.mentorISO3].contains(state),
              AccessPolicy.decide(req.actor, .editStateRecords(state: state)).isAllowed
        else { return nil }
        return state
    }

    private func status(_ req: Request, _ proposal: PartnershipProposalModel) -> String {
        req.text("proposal_status_" + proposal.status)
    }

    private func render(_ req: Request, _ proposal: PartnershipProposalModel, errors: [String: String], reason: String) async throws -> View {
        let language = req.language
        let call = try await proposal.$call.get(on: req.db)
        func answerText(_ state: String) throws -> String {
            try proposal.answer(of: state).map { req.text("proposal_answer_" + $0.rawValue) } ?? req.text("proposal_answer_awaited")
        }
        let mentee = req.states.name(proposal.menteeISO3, in: language), mentor = req.states.name(proposal.mentorISO3, in: language)
        let standing = try proposal.state()
        let answering = answeringState(req, proposal).flatMap { state in
            standing.status == .awaiting && standing.answer(of: state) == nil ? state : nil
        }
        let href = "/proposals/\(try proposal.requireID().uuidString)"
        let partnership = try await PartnershipModel.query(on: req.db).filter(\.$proposalID == proposal.requireID()).first()
        let page = DetailPage(
            title: req.localizer.text("proposal_title", language, ["mentee": mentee, "mentor": mentor]),
            mentee: mentee, mentor: mentor, call: try call.value().title(in: language), callHref: "/programme/calls/\(call.slug)", score: proposal.score,
            status: status(req, proposal),
            answers: [LabelValue(label: mentee, value: try answerText(proposal.menteeISO3)),
                      LabelValue(label: mentor, value: try answerText(proposal.mentorISO3))],
            declineReason: proposal.declineReason,
            answerAction: answering.map { _ in href + "/answer" },
            yourState: answering.map { req.states.name($0, in: language) },
            csrf: req.csrfToken, errors: errors, reason: reason, declining: errors["reason"] != nil || !reason.isEmpty,
            partnershipHref: partnership.map { "/partnerships/\($0.code)" })
        return try await req.renderPage("proposals/detail", title: page.title, page)
    }

    /// A proposal its reader may see: the Secretariat sees all, a focal point those of their own state.
    static func proposal(_ req: Request) async throws -> PartnershipProposalModel {
        guard let id = req.parameters.get("id", as: UUID.self),
              let proposal = try await PartnershipProposalModel.find(id, on: req.db) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let allowed = AccessPolicy.decide(req.actor, .manageCalls).isAllowed
            || [proposal.menteeISO3, proposal.mentorISO3].contains { AccessPolicy.decide(req.actor, .readStateRecords(state: $0)).isAllowed && req.currentUser?.stateISO3 == $0 }
        guard allowed else { throw Abort(.forbidden, reason: req.text("proposal_not_yours")) }
        return proposal
    }
}
