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

    struct Row: Encodable {
        let href: String
        let mentee: String
        let mentor: String
        let call: String
        let score: Int
        let status: String
    }

    struct ListPage: Encodable {
        let rows: [Row]
    }

    struct DetailPage: Encodable {
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
            Row(href: "/proposals/\(try proposal.requireID().uuidString)", mentee: req.states.name(proposal.menteeISO3, in: language),
                mentor: req.states.name(proposal.mentorISO3, in: language), call: proposal.call.title, score: proposal.score,
                status: status(req, proposal))
        }
        return try await req.renderPage("proposals/index", title: req.text("proposals_title"), ListPage(rows: rows))
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, try await Self.proposal(req), errors: [:], reason: "")
    }

    struct Answer: Content {
        var answer: String
        var reason: String?
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let proposal = try await Self.proposal(req)
        guard let state = answeringState(req, proposal) else {
            throw Abort(.forbidden, reason: req.text("proposal_not_yours"))
        }
        let form = try req.content.decode(Answer.self)
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let answer = PartnershipProposalModel.Answer(rawValue: form.answer) else {
            return try await render(req, proposal, errors: ["answer": req.text("proposal_answer_needed")], reason: reason)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        if answer == .declined, reason.isEmpty {
            return try await render(req, proposal, errors: ["reason": req.text("proposal_reason_needed")], reason: reason)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let before = ["status": proposal.status, "mentee": proposal.menteeAnswer ?? "", "mentor": proposal.mentorAnswer ?? ""]
        if state == proposal.menteeISO3 { proposal.menteeAnswer = answer.rawValue } else { proposal.mentorAnswer = answer.rawValue }
        if answer == .declined {
            proposal.status = PartnershipProposalModel.Status.declined.rawValue
            proposal.declineReason = reason
        } else if proposal.menteeAnswer == PartnershipProposalModel.Answer.accepted.rawValue,
                  proposal.mentorAnswer == PartnershipProposalModel.Answer.accepted.rawValue {
            proposal.status = PartnershipProposalModel.Status.agreed.rawValue
        }
        let actor = req.currentUser?.email ?? ""
        try await req.db.transaction { db in
            try await proposal.save(on: db)
            try await req.audit("answer", entity: "partnership_proposal", key: "\(proposal.menteeISO3)–\(proposal.mentorISO3)",
                                before: before,
                                after: ["status": proposal.status, "state": state, "answer": answer.rawValue, "reason": reason], on: db)
            if answer == .declined { try await tellOfDecline(req, proposal, by: state, reason: reason, on: db) }
            // Agreed by both: the partnership begins now, in the same transaction.
            if proposal.proposalStatus == .agreed {
                _ = try await PartnershipStarter(app: req.application).start(
                    mentor: proposal.mentorISO3, mentee: proposal.menteeISO3, call: try await proposal.$call.get(on: db),
                    proposalID: try proposal.requireID(), status: .active, source: PartnershipModel.fromProposal, actor: actor, on: db)
            }
        }
        return req.redirect(to: "/proposals/\(try proposal.requireID().uuidString)", redirectType: .normal)
    }

    /// Writes to the other state's focal points and to every programme officer, each in their language, so
    /// that nobody waits on a pair that will not form.
    private func tellOfDecline(_ req: Request, _ proposal: PartnershipProposalModel, by decliner: String, reason: String,
                               on db: any Database) async throws {
        let other = decliner == proposal.menteeISO3 ? proposal.mentorISO3 : proposal.menteeISO3
        let people = try await UserModel.query(on: db).filter(\.$isActive == true).group(.or) { either in
            either.filter(\.$role == Role.secretariat.rawValue)
            either.group(.and) { $0.filter(\.$role == Role.focalPoint.rawValue).filter(\.$stateISO3 == other) }
        }.all()
        let call = try await proposal.$call.get(on: db).value().title
        let link = req.application.config.baseURL + "/proposals/\(try proposal.requireID().uuidString)"
        for person in people {
            let language = Language(rawValue: person.language) ?? .en
            let name = { (code: String) in req.states.name(code, in: language) }
            try await req.application.mailer.enqueue(
                .proposalDeclined, to: person.email, name: person.displayName, language: language, link: link,
                values: ["partners": name(proposal.menteeISO3) + " – " + name(proposal.mentorISO3),
                         "decliner": name(decliner), "other": name(other), "call": call, "reason": reason],
                on: db, now: req.application.clock.now())
        }
    }

    /// The state a signed-in focal point answers for: theirs, if it is one of the pair and has not answered.
    private func answeringState(_ req: Request, _ proposal: PartnershipProposalModel) -> String? {
        guard let user = req.currentUser, user.role == Role.focalPoint.rawValue, let state = user.stateISO3,
              [proposal.menteeISO3, proposal.mentorISO3].contains(state),
              AccessPolicy.decide(req.actor, .editStateRecords(state: state)).isAllowed,
              proposal.proposalStatus == .awaiting, proposal.answer(of: state) == nil
        else { return nil }
        return state
    }

    private func status(_ req: Request, _ proposal: PartnershipProposalModel) -> String {
        req.text("proposal_status_" + proposal.status)
    }

    private func render(_ req: Request, _ proposal: PartnershipProposalModel, errors: [String: String], reason: String) async throws -> View {
        let language = req.language
        let call = try await proposal.$call.get(on: req.db)
        func answerText(_ state: String) -> String {
            proposal.answer(of: state).map { req.text("proposal_answer_" + $0.rawValue) } ?? req.text("proposal_answer_awaited")
        }
        let mentee = req.states.name(proposal.menteeISO3, in: language), mentor = req.states.name(proposal.mentorISO3, in: language)
        let answering = answeringState(req, proposal)
        let href = "/proposals/\(try proposal.requireID().uuidString)"
        let partnership = try await PartnershipModel.query(on: req.db).filter(\.$proposalID == proposal.requireID()).first()
        let page = DetailPage(
            title: req.localizer.text("proposal_title", language, ["mentee": mentee, "mentor": mentor]),
            mentee: mentee, mentor: mentor, call: call.title, callHref: "/programme/calls/\(call.slug)", score: proposal.score,
            status: status(req, proposal),
            answers: [LabelValue(label: mentee, value: answerText(proposal.menteeISO3)),
                      LabelValue(label: mentor, value: answerText(proposal.mentorISO3))],
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
