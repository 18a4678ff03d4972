import Foundation
import Testing
import TandemCore

/// The minimum share of regional pairs on a pool small enough to check by hand. Only thematic fit counts, so
/// a mentor's depth alone sets a pair's score: depth 1 scores 100, depth 2 scores 67, depth 3 scores 33.
/// The United Kingdom (WEOG) is the strongest mentor but regional to no one; South Africa mentors Africa and
/// Mexico mentors GRULAC.
@Suite struct RegionalShareTests {
    static func candidate(_ id: String, _ group: String, depth: Int? = nil) -> MatchingCandidate {
        MatchingCandidate(id: id, group: group, languages: ["en"], areas: ["legislation": depth ?? 1])
    }

    static func problem(share: Int?, budget: Int = 2, mentees: [String] = ["KEN", "PER"],
                        locks: [MatchingPair] = [], forbids: [MatchingPair] = []) -> MatchingProblem {
        let groups = ["KEN": "Africa", "GHA": "Africa", "PER": "GRULAC", "BRA": "GRULAC"]
        return MatchingProblem(
            mentees: mentees.map { candidate($0, groups[$0]!) },
            mentors: [candidate("GBR", "WEOG", depth: 1), candidate("ZAF", "Africa", depth: 2), candidate("MEX", "GRULAC", depth: 3)],
            weights: ScoreWeights([.thematicFit: 100]),
            rules: MatchingRules(budget: budget, minimumRegionalShare: share),
            locks: locks, forbids: forbids)
    }

    static func pairs(_ proposal: MatchingProposal) -> [String] {
        proposal.pairs.map { "\($0.pair.mentee)-\($0.pair.mentor)" }
    }

    @Test func withoutTheRuleTheStrongestMentorGoesWhereItGainsMost() {
        let proposal = Matcher.solve(Self.problem(share: nil))
        #expect(Self.pairs(proposal) == ["KEN-ZAF", "PER-GBR"])
        #expect(proposal.total == 167)
    }

    @Test func aShareAlreadyMetChangesNothing() {
        let proposal = Matcher.solve(Self.problem(share: 50))
        #expect(Self.pairs(proposal) == ["KEN-ZAF", "PER-GBR"])
        #expect(proposal.total == 167)
    }

    @Test func aShareAboveHalfNeedsBothPairsRegionalBecausePairsAreWhole() {
        // 51% of two pairs is more than one pair: both must be regional. One regional pair alone scores 67.
        for share in [51, 75, 100] {
            let proposal = Matcher.solve(Self.problem(share: share))
            #expect(Self.pairs(proposal) == ["KEN-ZAF", "PER-MEX"], "share \(share)")
            #expect(proposal.total == 100, "share \(share)")
        }
    }

    @Test func aMenteeLeftOutIsPricedWithTheShareKept() {
        let proposal = Matcher.solve(Self.problem(share: 100, mentees: ["KEN", "GHA", "PER"]))
        #expect(proposal.total == 100)
        let left = proposal.exclusions.first { $0.side == .mentee }
        guard case .outscored(let alternative)? = left?.reason else { Issue.record("\(String(describing: left))"); return }
        // Kenya and Ghana are alike: the other takes South Africa at no loss; the United Kingdom would break the share.
        #expect(alternative.mentor == "ZAF")
        #expect(alternative.totalDrop == 0)
        #expect(alternative.ended.count == 1)
    }

    @Test func aMenteeWithOnlyMentorsFromOtherGroupsIsHeldOutByTheShare() {
        let proposal = Matcher.solve(Self.problem(share: 100, budget: 3, mentees: ["KEN", "BRA"],
                                                  forbids: [MatchingPair(mentee: "BRA", mentor: "MEX")]))
        #expect(Self.pairs(proposal) == ["KEN-ZAF"])
        let brazil = proposal.exclusions.first { $0.id == "BRA" }
        guard case .heldOutBy(let limits)? = brazil?.reason else { Issue.record("\(String(describing: brazil))"); return }
        #expect(limits.contains(.regionalShare(percent: 100)))
    }

    @Test func aLockedPairFromAnotherGroupCanMakeTheShareImpossible() {
        let proposal = Matcher.solve(Self.problem(share: 100, locks: [MatchingPair(mentee: "KEN", mentor: "GBR")]))
        #expect(!proposal.isFeasible)
        #expect(proposal.conflicts == [.regionalShareUnreachable(percent: 100, regional: 1, pairs: 2)])
    }

    @Test func aProposalWithNoPairsKeepsAnyShare() {
        let proposal = Matcher.solve(Self.problem(share: 100, mentees: ["BRA"], forbids: [MatchingPair(mentee: "BRA", mentor: "MEX")]))
        #expect(proposal.isFeasible)
        #expect(proposal.pairs.isEmpty)
    }

    @Test func theFileFormatReadsTheShareAndRefusesOneOutOfRange() throws {
        func read(_ share: String) -> Result<MatchingFile, MatchingFile.Invalid> {
            MatchingFile.read(Data("""
                {"kind": "policy", "mentees": [{"id": "KEN", "group": "Africa", "languages": ["en"]}],
                 "mentors": [{"id": "ZAF", "group": "Africa", "languages": ["en"]}],
                 "rules": {"minimum_regional_share": \(share)}}
                """.utf8))
        }
        guard case .success(.policy(let problem)) = read("60") else { Issue.record("60 is a share"); return }
        #expect(problem.rules.minimumRegionalShare == 60)
        guard case .failure(let invalid) = read("150"), case .failure(let fraction) = read("33.5") else {
            Issue.record("150 and 33.5 are not shares"); return
        }
        #expect(invalid.problems.map(\.location) == ["rules.minimum_regional_share"])
        #expect(invalid.problems.first?.message.contains("0 to 100") == true)
        #expect(fraction.problems.first?.message.contains("whole number") == true)
    }

    @Test func parametersRefuseAShareOutOfRange() {
        #expect(MatchingParameters(minimumRegionalShare: 101).problems["regional_share"] == "matching_regional_share_range")
        #expect(MatchingParameters(minimumRegionalShare: -1).problems["regional_share"] == "matching_regional_share_range")
        #expect(MatchingParameters(minimumRegionalShare: 40).problems["regional_share"] == nil)
    }
}
