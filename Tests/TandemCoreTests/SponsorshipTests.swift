import Testing
@testable import TandemCore

/// Amounts as people type them, the rules for recording a visit's costs, and where a budget stands.
@Suite struct SponsorshipTests {
    @Test(arguments: [
        ("1234.5", 123_450), ("1 234,50", 123_450), ("1,234.50", 123_450), ("1.234,50", 123_450), ("€ 300", 30_000),
        ("300 EUR", 30_000), ("1,5", 150), ("1,234", 123_400), ("1.234", 123_400), ("12,345,678", 1_234_567_800),
        ("0", 0), ("1\u{202F}234,05", 123_405), ("1'234.00", 123_400), ("  42  ", 4_200),
    ] as [(String, Int64)])
    func amountsAreReadAsTheyAreWritten(text: String, cents: Int64) {
        #expect(Money.parse(text) == Money(cents: cents))
    }

    @Test(arguments: ["", "abc", "-5", "1,2,3", "1,234.567", "1.2.3,4,5", "5.", ".5", "12a", "1 000 000 000 000 000", "١٢٣"])
    func whatIsNotAnAmountIsRefused(text: String) {
        #expect(Money.parse(text) == nil)
    }

    @Test func amountsAreWrittenPlainlyForFiles() {
        #expect(Money(cents: 123_405).plain == "1234.05")
        #expect(Money(cents: 7).plain == "0.07")
        #expect(Money(cents: -150).plain == "-1.50")
        #expect(Money(cents: 99_999).euros == 999)
    }

    static let delegates = [
        Delegate(name: "Ama Mensah", role: .management, sponsored: true),
        Delegate(name: "Kofi Owusu", role: .staff, sponsored: true),
        Delegate(name: "Yaw Boateng", role: .stakeholder, sponsored: false),
        Delegate(name: "Esi Asante", role: .management, sponsored: true, exceptional: true),
    ]

    static func keys(_ lines: [CostLine], recorded: Set<String> = [], status: VisitStatus = .confirmed) -> [String] {
        SponsorshipCosts.problems(lines, delegates: delegates, recorded: recorded, status: status).map { "\($0.line).\($0.field) \($0.key)" }
    }

    @Test func costsOfSponsoredOfficialsAreRecorded() {
        let lines = [CostLine(delegate: "Ama Mensah", item: .travel, planned: Money(cents: 90_000), actual: Money(cents: 87_512)),
                     CostLine(delegate: "Kofi Owusu", item: .meals, planned: Money(cents: 30_000))]
        #expect(Self.keys(lines).isEmpty)
    }

    @Test func anOfficialTheStatePaysForHasNoCostsUnlessTheyWereRecordedBefore() {
        let line = CostLine(delegate: "Yaw Boateng", item: .travel, planned: Money(cents: 100))
        #expect(Self.keys([line]) == ["0.delegate cost_not_sponsored"])
        #expect(Self.keys([CostLine(delegate: "Someone Else", item: .meals, planned: Money(cents: 100))]) == ["0.delegate cost_not_sponsored"])
        #expect(Self.keys([line], recorded: ["Yaw Boateng"]).isEmpty)
    }

    @Test func whatWasPaidWaitsForTheConfirmation() {
        let paid = CostLine(delegate: "Ama Mensah", item: .travel, actual: Money(cents: 100))
        #expect(Self.keys([paid], status: .proposed) == ["0.actual cost_actual_before_confirmation"])
        #expect(Self.keys([CostLine(delegate: "Ama Mensah", item: .travel, planned: Money(cents: 100))], status: .proposed).isEmpty)
        for status in [VisitStatus.confirmed, .completed, .cancelled] { #expect(Self.keys([paid], status: status).isEmpty) }
    }

    @Test func aThirdOfficialIsPaidOnlyOnceTheExceptionIsApproved() {
        let planned = CostLine(delegate: "Esi Asante", item: .meals, planned: Money(cents: 100))
        let paid = CostLine(delegate: "Esi Asante", item: .meals, actual: Money(cents: 100))
        #expect(Self.keys([planned]).isEmpty)
        #expect(Self.keys([paid]) == ["0.actual cost_exception_not_approved"])
        var approved = Self.delegates
        approved[3].exceptionApproved = true
        #expect(SponsorshipCosts.problems([paid], delegates: approved, recorded: [], status: .confirmed).isEmpty)
    }

    @Test func anAmountPastTheLargestLineAndALineSentTwiceAreRefused() {
        let largest = SponsorshipCosts.largestLine
        #expect(Self.keys([CostLine(delegate: "Ama Mensah", item: .travel, planned: largest)]).isEmpty)
        #expect(Self.keys([CostLine(delegate: "Ama Mensah", item: .travel, planned: largest + Money(cents: 1), actual: largest + Money(cents: 1))])
            == ["0.planned cost_too_large", "0.actual cost_too_large"])
        let twice = [CostLine(delegate: "Ama Mensah", item: .meals, planned: Money(cents: 1)), CostLine(delegate: "Ama Mensah", item: .meals)]
        #expect(Self.keys(twice) == ["1.delegate cost_twice"])
    }

    @Test func aBudgetCountsWhatIsPaidAsSpentAndWhatIsPlannedAsCommittedUntilThen() {
        let costs: [(status: VisitStatus, line: CostLine, sponsored: Bool)] = [
            (.confirmed, CostLine(delegate: "A", item: .travel, planned: Money(cents: 1_000_00), actual: Money(cents: 900_00)), true),
            (.confirmed, CostLine(delegate: "A", item: .meals, planned: Money(cents: 200_00)), true),
            (.proposed, CostLine(delegate: "B", item: .travel, planned: Money(cents: 1_100_00)), true),
            (.completed, CostLine(delegate: "B", item: .medicalInsurance, planned: Money(cents: 50_00)), true),
            // A cancelled visit costs only what was paid.
            (.cancelled, CostLine(delegate: "C", item: .travel, planned: Money(cents: 700_00)), true),
            (.cancelled, CostLine(delegate: "C", item: .meals, planned: Money(cents: 100_00), actual: Money(cents: 30_00)), true),
            // An official who left the delegation is paid nothing more, but what was paid for them stays spent.
            (.confirmed, CostLine(delegate: "D", item: .travel, planned: Money(cents: 400_00)), false),
            (.confirmed, CostLine(delegate: "D", item: .meals, planned: Money(cents: 100_00), actual: Money(cents: 0)), false),
        ]
        let position = BudgetPosition.of(budget: Money(cents: 3_000_00), costs: costs)
        #expect(position.spent == Money(cents: 930_00))
        #expect(position.committed == Money(cents: 1_350_00))
        #expect(position.remaining == Money(cents: 720_00))
        #expect(!position.isOvercommitted)
        let tight = BudgetPosition.of(budget: Money(cents: 2_000_00), costs: costs)
        #expect(tight.remaining == Money(cents: -280_00))
        #expect(tight.isOvercommitted)
        #expect(BudgetPosition.of(budget: nil, costs: costs).remaining == nil)
    }
}
