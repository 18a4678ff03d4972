import Testing
@testable import TandemCore

@Suite struct ProgrammeHistoryFileTests {
    static let header = ProgrammeHistoryFile.partnershipColumns.joined(separator: ",")

    func parse(_ partnerships: String, participants: String) -> Result<ProgrammeHistory, ImportProblems> {
        ProgrammeHistoryFile.parse(partnerships: partnerships, participants: participants, resolver: Fixtures.resolver)
    }

    @Test func readsTheShippedHistory() throws {
        let history = try #require(Fixtures.history)
        #expect(history.partnerships.count == 19)
        #expect(history.participants.count == 32)
        let ukMalawi = try #require(history.partnerships.first { $0.code == "2016-GBR-MWI" })
        #expect(ukMalawi.states(in: .mentor) == ["GBR"])
        #expect(ukMalawi.states(in: .mentee) == ["MWI"])
        #expect(ukMalawi.status == .completed)
        #expect(ukMalawi.visits.map(\.host) == ["GBR", "MWI"])
        #expect(ukMalawi.visits.map(\.visitor) == ["MWI", "GBR"])
        #expect(ukMalawi.end?.description == "2017-03-09")

        let franceCIV = try #require(history.partnerships.first { $0.code == "2019-FRA-CIV" })
        #expect(franceCIV.status == .active)
        #expect(franceCIV.visits[1].status == .planned)
        #expect(franceCIV.visits[1].year == 2020)
        #expect(franceCIV.visits[1].start == nil)
    }

    @Test func reportsAMisspelledStateABadDateAndADuplicateTogether() {
        let partnerships = """
        \(Self.header)
        1,Algeria,Nigerr,Niger,2012-06-11,2012-06-15,Algeria,2012-07-09,2012-07-12,
        2,Malaysia,Sudan,Malaysia,2013-12-16,2013-12-20,Sudan,2014-06-31,2014-06-12,
        3,Yemen,Pakistan,Yemen,2013-06-08,2013-06-12,Pakistan,2014-01-13,2014-01-17,
        4,Yemen,Pakistan,Yemen,2013-06-08,2013-06-12,Pakistan,2014-01-13,2014-01-17,
        """
        let participants = "no,state_party\n1,Algeria\n2,Niger\n3,Malaysia\n4,Sudan\n5,Yemen\n6,Pakistan\n"
        guard case .failure(let error) = parse(partnerships, participants: participants) else {
            Issue.record("a bad file was accepted")
            return
        }
        #expect(error.problems.count == 3)
        #expect(error.problems.map(\.line) == [2, 3, 5])
        #expect(error.problems[0].column == "mentee")
        #expect(error.problems[0].reason.contains("\"Nigerr\""))
        #expect(error.problems[0].reason.contains("Niger"))
        #expect(error.problems[1].column == "return_visit_start")
        #expect(error.problems[1].reason.contains("2014-06-31"))
        #expect(error.problems[2].reason.contains("duplicate of line 4"))
    }

    @Test func checksHostsOrderAndPlannedYears() {
        let partnerships = """
        \(Self.header)
        1,Algeria,Niger,Ghana,2012-06-11,2012-06-15,Algeria,2012-07-09,2012-07-12,
        2,Algeria,Niger,Niger,2012-06-11,2012-06-10,Niger,2012-07-09,2012-07-12,
        3,Algeria,Niger,Niger,2013-06-11,2013-06-12,Algeria,,,to be decided
        4,Algeria,Algeria,Algeria,2014-06-11,2014-06-12,Algeria,2014-05-01,2014-05-02,
        """
        guard case .failure(let error) = parse(partnerships, participants: "no,state_party\n1,Algeria\n2,Niger\n") else {
            Issue.record("accepted")
            return
        }
        let found = Set(error.problems.map { "\($0.line) \($0.column)" })
        #expect(found.isSuperset(of: ["2 first_visit_host", "3 first_visit_end", "3 return_visit_host",
                                      "4 return_visit_note", "5 mentee"]))
    }

    @Test func theParticipantsFileMustMatchThePartnerships() {
        let partnerships = "\(Self.header)\n1,Algeria,Niger,Niger,2012-06-11,2012-06-15,Algeria,2012-07-09,2012-07-12,\n"
        guard case .failure(let error) = parse(partnerships, participants: "no,state_party\n1,Algeria\n2,Ghana\n3,Ghana\n") else {
            Issue.record("accepted")
            return
        }
        #expect(error.problems.map(\.description) == ["participants:4: state_party: duplicate of line 3 (GHA)"])

        guard case .failure(let mismatch) = parse(partnerships, participants: "no,state_party\n1,Algeria\n2,Ghana\n") else {
            Issue.record("accepted")
            return
        }
        #expect(mismatch.problems.map(\.description) == [
            "partnerships:2: mentee: NER is not in the participants file",
            "participants:3: state_party: GHA takes part in no partnership",
        ])
    }

    @Test func aFileWithoutItsColumnsIsRejected() {
        guard case .failure(let error) = parse("no,mentor\n1,Algeria", participants: "no,state_party\n") else {
            Issue.record("accepted")
            return
        }
        #expect(error.problems.first?.reason == "missing column")
    }
}
