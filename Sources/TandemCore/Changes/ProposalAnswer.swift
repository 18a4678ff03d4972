import Foundation

/// A partnership proposal as its two National Authorities see it, and the one rule of answering it: each state
/// answers once, while it stands; both accepting agree it, one declining (with a reason) ends it.
public struct ProposalState: Equatable, Sendable {
    public enum Status: String, CaseIterable, Sendable {
        case awaiting, agreed, declined
    }

    public enum Answer: String, CaseIterable, Sendable {
        case accepted, declined
    }

    public let mentee: String
    public let mentor: String
    public var status: Status
    public var menteeAnswer: Answer?
    public var mentorAnswer: Answer?
    public var declineReason: String?

    public init(mentee: String, mentor: String, status: Status = .awaiting, menteeAnswer: Answer? = nil,
                mentorAnswer: Answer? = nil, declineReason: String? = nil) {
        self.mentee = mentee
        self.mentor = mentor
        self.status = status
        self.menteeAnswer = menteeAnswer
        self.mentorAnswer = mentorAnswer
        self.declineReason = declineReason
    }

    public func answer(of state: String) -> Answer? {
        state == mentee ? menteeAnswer : state == mentor ? mentorAnswer : nil
    }

    /// Why an answer cannot be taken; each case names the locale key that says so.
    public enum Refusal: String, Error, Equatable, Sendable {
        case notAPartner = "proposal_not_yours"
        case closed = "proposal_closed"
        case alreadyAnswered = "proposal_already_answered"
        case reasonNeeded = "proposal_reason_needed"
    }

    /// What an answer did, beyond recording itself.
    public enum Outcome: Equatable, Sendable {
        /// The other state has not answered yet.
        case waiting
        /// Both accepted: the partnership begins.
        case agreed
        /// Declined: both states return to the pool.
        case declined
    }

    /// The proposal after `state` answers, or why it cannot.
    public func answering(_ answer: Answer, by state: String, reason: String) -> Result<(ProposalState, Outcome), Refusal> {
        guard state == mentee || state == mentor else { return .failure(.notAPartner) }
        guard status == .awaiting else { return .failure(.closed) }
        guard self.answer(of: state) == nil else { return .failure(.alreadyAnswered) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if answer == .declined, reason.isEmpty { return .failure(.reasonNeeded) }
        var next = self
        if state == mentee { next.menteeAnswer = answer } else { next.mentorAnswer = answer }
        switch answer {
        case .declined:
            next.status = .declined
            next.declineReason = reason
            return .success((next, .declined))
        case .accepted where next.menteeAnswer == .accepted && next.mentorAnswer == .accepted:
            next.status = .agreed
            return .success((next, .agreed))
        case .accepted:
            return .success((next, .waiting))
        }
    }
}
