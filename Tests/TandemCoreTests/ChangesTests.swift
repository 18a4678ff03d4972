import Foundation
import Testing
@testable import TandemCore

/// The pure transitions that every change runs before it writes (see docs/architecture.md, "Changes").
@Suite struct ChangesTests {
    let awaiting = ProposalState(mentee: "PER", mentor: "MEX")

    @Test func aProposalIsAgreedWhenBothAcceptInEitherOrder() throws {
        let (afterMentee, first) = try awaiting.answering(.accepted, by: "PER", reason: "").get()
        #expect(first == .waiting && afterMentee.status == .awaiting && afterMentee.menteeAnswer == .accepted)
        let (agreed, second) = try afterMentee.answering(.accepted, by: "MEX", reason: "").get()
        #expect(second == .agreed && agreed.status == .agreed)
        let (_, reversed) = try awaiting.answering(.accepted, by: "MEX", reason: "").get().0.answering(.accepted, by: "PER", reason: "").get()
        #expect(reversed == .agreed)
    }

    @Test func aProposalIsAnsweredOnceByEachPartnerWhileItStands() throws {
        let answered = try awaiting.answering(.accepted, by: "PER", reason: "").get().0
        #expect(throws: ProposalState.Refusal.alreadyAnswered) { try answered.answering(.accepted, by: "PER", reason: "").get() }
        #expect(throws: ProposalState.Refusal.notAPartner) { try awaiting.answering(.accepted, by: "KEN", reason: "").get() }
        let declined = try awaiting.answering(.declined, by: "MEX", reason: "  No staff this year ").get()
        #expect(declined.1 == .declined && declined.0.declineReason == "No staff this year")
        #expect(throws: ProposalState.Refusal.closed) { try declined.0.answering(.accepted, by: "PER", reason: "").get() }
        #expect(throws: ProposalState.Refusal.reasonNeeded) { try awaiting.answering(.declined, by: "PER", reason: " \n").get() }
    }

    @Test func aRunIsApprovedOnlyWhileItsPairsStillFitThePool() {
        let pairs = [MatchingPair(mentee: "PER", mentor: "MEX"), MatchingPair(mentee: "KEN", mentor: "GBR")]
        #expect(RunApproval.refusal(pairs: pairs, capacities: [:], isApproved: false, standing: []) == nil)
        #expect(RunApproval.refusal(pairs: [], capacities: [:], isApproved: false, standing: []) == .nothingToApprove)
        #expect(RunApproval.refusal(pairs: pairs, capacities: [:], isApproved: true, standing: []) == .alreadyApproved)
        // Another run put Peru to Spain meanwhile, and took the United Kingdom's one place.
        let standing = [MatchingPair(mentee: "PER", mentor: "ESP"), MatchingPair(mentee: "NGA", mentor: "GBR")]
        #expect(RunApproval.refusal(pairs: pairs, capacities: [:], isApproved: false, standing: standing) == .overtaken(pairs))
        #expect(RunApproval.refusal(pairs: [pairs[1]], capacities: ["GBR": 2], isApproved: false, standing: standing) == nil)
    }

    @Test func noMoreAttemptsAreCheckedAtOnceThanMayStillFail() throws {
        let rule = ThrottleRule(maxFailures: 3, window: 600, lockout: 900)
        let now = Date(timeIntervalSince1970: 1_000_000)
        func admitted(_ state: ThrottleRule.State?) throws -> ThrottleRule.State {
            guard case .check(let next) = rule.admitting(state, now: now) else { throw ThrottleError.notAdmitted }
            return next
        }
        // Three checked at once: a fourth waits for their outcome.
        var state = try admitted(try admitted(try admitted(nil)))
        #expect(state.pending == 3 && rule.admitting(state, now: now) == .wait)
        // Two were right: two more may be checked.
        state = rule.succeeded(rule.succeeded(state, now: now), now: now)
        #expect(state.pending == 1 && state.failures == 0)
        // The third was wrong, and two more after it: the key is locked.
        state = rule.failed(state, now: now)
        state = rule.failed(try admitted(state), now: now)
        state = rule.failed(try admitted(state), now: now)
        #expect(state.failures == 3 && state.pending == 0 && rule.admitting(state, now: now) == .locked(900))
        // Checks that never ended (a stopped server) stop counting after a while.
        let stuck = try admitted(try admitted(try admitted(nil)))
        if case .check = rule.admitting(stuck, now: now.addingTimeInterval(31)) {} else { Issue.record("stuck checks still count") }
    }

    enum ThrottleError: Error { case notAdmitted }

    @Test func anApplicationMovesOnlyAsTheProgrammeAllows() {
        #expect(ApplicationStatus.draft.canMove(to: .submitted) && ApplicationStatus.returned.canMove(to: .submitted))
        #expect(ApplicationStatus.submitted.canMove(to: .accepted) && ApplicationStatus.accepted.canMove(to: .withdrawn))
        #expect(!ApplicationStatus.submitted.canMove(to: .submitted))
        #expect(!ApplicationStatus.draft.canMove(to: .accepted))
        #expect(!ApplicationStatus.notAccepted.canMove(to: .withdrawn) && !ApplicationStatus.withdrawn.canMove(to: .submitted))
    }

    @Test func whatWasSavedMeanwhileIsFoundFieldByField() throws {
        var mine = ApplicationForm(), saved = ApplicationForm()
        mine.phone = "+233 1"
        mine.emails = ["a@example.gh", "b@example.gh"]
        saved.phone = "+233 2"
        saved.emails = ["a@example.gh"]
        saved.sponsorshipRequired = true
        let fields = try SavedMeanwhile.fields(mine: mine, saved: saved)
        #expect(fields["phone"] == "+233 2")
        #expect(fields["emails[1]"] == "" && fields["emails[0]"] == nil)
        #expect(fields["sponsorshipRequired"] == "yes")
        #expect(try SavedMeanwhile.fields(mine: saved, saved: saved).isEmpty)
    }

    @Test func figuresPastATrillionAreRefusedAndNeverUsed() {
        #expect(IndicatorProgress.isTooLarge("99999999999999999999999"))
        #expect(IndicatorProgress.number("-99999999999999999999") == nil && IndicatorProgress.isTooLarge("-99999999999999999999"))
        #expect(IndicatorProgress.number("99999999999999999999999") == nil)
        #expect(!IndicatorProgress.isTooLarge("1,000,000") && !IndicatorProgress.isTooLarge("12 officials"))
        #expect(IndicatorProgress.number("1000000000000") == 1e12)
    }
}
