import Testing
@testable import TandemCore

@Suite struct ProgrammeStatisticsTests {
    typealias Stats = ProgrammeStatistics
    let groupOf: [String: RegionalGroup] = ["AAA": .africa, "AAB": .africa, "SSA": .asia, "WWA": .weog, "GGA": .grulac]

    @Test func roundsSharesToWholePercent() {
        #expect(Stats.percent(32, of: 193) == 17)
        #expect(Stats.percent(1, of: 8) == 13)
        #expect(Stats.percent(1, of: 3) == 33)
        #expect(Stats.percent(0, of: 193) == 0)
        #expect(Stats.percent(5, of: 0) == 0)
    }

    @Test func separatesRegionalFromInterregionalPartnerships() {
        let partnerships = [Fixtures.partnership("AAA", "AAB"), Fixtures.partnership("WWA", "AAA"),
                            Fixtures.partnership("AAB", "WWA"), Fixtures.partnership("SSA", "GGA")]
        let regional = Stats.regionalByGroup(partnerships, groupOf: groupOf)
        #expect(regional == [.africa: 1, .asia: 0, .easternEurope: 0, .grulac: 0, .weog: 0])
        let pairs = Stats.interregionalByGroupPair(partnerships, groupOf: groupOf)
        #expect(pairs.map(\.groups) == [[.africa, .weog], [.asia, .grulac]])
        #expect(pairs.map(\.count) == [2, 1])
    }

    @Test func countsEachParticipantOnceAndFindsRepeats() {
        let states = ["AAA", "AAB", "WWA"].map { Fixtures.state($0, groupOf[$0]!) }
        let partnerships = [Fixtures.partnership("AAA", "AAB"), Fixtures.partnership("AAA", "WWA"), Fixtures.partnership("AAA", "AAB")]
        let participating = Stats.participatingStates(partnerships)
        #expect(participating == ["AAA", "AAB", "WWA"])
        #expect(Stats.participantsByGroup(participating, groupOf: groupOf)[.africa] == 2)
        let repeats = Stats.repeatParticipants(partnerships, states: states)
        #expect(repeats.map(\.iso3) == ["AAA", "AAB"])
        #expect(repeats.map(\.partnerships) == [3, 2])
    }

    @Test func countsCompletedVisitsByYearAndPlannedOnes() {
        let partnerships = [
            Fixtures.partnership("AAA", "AAB", visits: [(2014, .completed), (2017, .completed)]),
            Fixtures.partnership("WWA", "AAB", visits: [(2014, .completed), (2018, .planned), (2015, .cancelled)]),
        ]
        #expect(Stats.completedVisitsByYear(partnerships) == [2014: 2, 2015: 0, 2016: 0, 2017: 1])
        #expect(Stats.plannedVisits(partnerships) == 1)
        #expect(Stats.completedVisitsByYear([]) == [:])
    }

    /// Figures counted by hand from the programme's 2012-2019 report.
    @Test func summarisesTheProgrammeHistory() throws {
        let history = try #require(Fixtures.history)
        let stats = Stats(partnerships: history.partnerships, states: Fixtures.states, annualVisitCap: 8)
        #expect(stats.participatingStates == 32)
        #expect(stats.statesPartiesTotal == 193)
        #expect(stats.shareOfStatesPartiesPercent == 17)
        #expect(stats.partnerships == 19)
        #expect(stats.regionalPartnerships == 11)
        #expect(stats.interregionalPartnerships == 8)
        #expect(stats.regionalByGroup == [.africa: 3, .asia: 3, .easternEurope: 0, .grulac: 5, .weog: 0])
        #expect(stats.interregionalByGroupPair.map(\.groups) == [[.africa, .weog], [.africa, .grulac], [.africa, .asia]])
        #expect(stats.interregionalByGroupPair.map(\.count) == [5, 2, 1])
        #expect(stats.participantsByGroup == [.africa: 13, .asia: 7, .easternEurope: 0, .grulac: 9, .weog: 3])
        #expect(stats.repeatParticipants.map(\.iso3) == ["BRA", "GBR", "DZA", "CUB"])
        #expect(stats.repeatParticipants.map(\.partnerships) == [3, 3, 2, 2])
        #expect(stats.visitsByYear == [2012: 2, 2013: 2, 2014: 6, 2015: 4, 2016: 7, 2017: 5, 2018: 5, 2019: 4])
        #expect(stats.visitsTotal == 35)
        #expect(stats.annualVisitCap == 8)
        #expect(stats.plannedVisits == 3)
    }
}
