import Testing
@testable import TandemCore

@Suite struct StatesPartiesTests {
    @Test func theShippedFileHoldsAll193StatesPartiesInTheirGroups() {
        let states = Fixtures.states
        #expect(states.count == 193)
        #expect(Set(states.map(\.iso3)).count == 193)
        let byGroup = Dictionary(grouping: states, by: \.regionalGroup).mapValues(\.count)
        #expect(byGroup == [.africa: 52, .asia: 56, .easternEurope: 23, .grulac: 33, .weog: 29])
        let ghana = states.first { $0.iso3 == "GHA" }
        #expect(ghana?.name(in: .fr) == "Ghana")
        #expect(ghana?.languages == ["en"])
    }

    @Test func reportsEveryBadRowWithItsLine() {
        let header = StatesPartiesFile.columns.joined(separator: ",")
        let text = """
        \(header)
        GH,GHA,288,Ghana,Ghana,Ghana,Africa,Africa,Western Africa,en,
        XX,X1,000,Nowhere,Nulle part,Ninguna,Africa,,,,
        GH,GHA,288,Ghana,Ghana,Ghana,Africa,Africa,Western Africa,en,
        FR,FRA,250,France,France,Francia,Europe,Europe,Western Europe,fr,
        """
        guard case .failure(let error) = StatesPartiesFile.parse(text) else {
            Issue.record("a file with bad rows was accepted")
            return
        }
        #expect(error.problems.map(\.line) == [3, 4, 5])
        #expect(error.problems.map(\.column) == ["iso3", "iso3", "opcw_regional_group"])
    }

    @Test func regionalGroupsAreReadStrictlyFromURLsAndLooselyFromFiles() {
        #expect(RegionalGroup(slug: "eastern-europe") == .easternEurope)
        #expect(RegionalGroup(slug: "Eastern Europe") == nil)
        #expect(RegionalGroup(slug: "Africa") == nil)
        #expect(RegionalGroup(matching: "Eastern Europe") == .easternEurope)
        #expect(RegionalGroup(matching: "grulac") == .grulac)
    }

    @Test func aFileWithoutItsColumnsIsRejected() {
        guard case .failure(let error) = StatesPartiesFile.parse("iso3,name\nGHA,Ghana") else {
            Issue.record("accepted")
            return
        }
        #expect(error.problems.count == 1)
        #expect(error.problems[0].reason == "missing column")
    }
}
