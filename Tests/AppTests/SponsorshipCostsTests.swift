import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// What the programme pays: a visit's costs per sponsored official and item, planned then paid, kept by the
    /// Secretariat; budgets per call and year; committed against spent on the dashboard, in CSV and in the API.
    @Suite struct SponsorshipCostsTests {
        typealias Lifecycle = PartnershipLifecycleTests

        /// The form's fields for Ana Quispe's travel (line 0) and Luis Rojas's meals (line 4), as the page lays them out.
        static func sheet(version: String, anaTravel: (String, String) = ("1 200,50", "1150"), luisMeals: String = "300") -> [String: String] {
            var fields: [String: String] = ["version": version]
            let names = ["Ana Quispe", "Luis Rojas"], items = ["travel", "meals", "medical_insurance"]
            for (index, (name, item)) in names.flatMap({ name in items.map { (name, $0) } }).enumerated() {
                fields["lines[\(index)][delegate]"] = name
                fields["lines[\(index)][item]"] = item
            }
            fields["lines[0][planned]"] = anaTravel.0
            fields["lines[0][actual]"] = anaTravel.1
            fields["lines[4][planned]"] = luisMeals
            return fields
        }

        @Test func theSecretariatRecordsWhatAVisitCostsAndTheBudgetFollows() async throws {
            try await withTandem { app in
                let (record, peru, officer) = try await Lifecycle().withFirstVisitConfirmed(app, clock: TestClock("2026-01-05T09:00:00Z"))
                var (partner, secretariat) = (peru, officer)
                var kenya = try await Lifecycle().jar("ken@demo.tandem", app)
                let tester = try app.testing()
                let costs = record.href + "/visits/1/costs"

                // The budget for 2026 of the 2025-2027 call: a typing slip comes back as typed, then it is set.
                let index = try await get(tester, "/programme/budget?lang=en", jar: &secretariat)
                #expect(index.status == .ok && index.text.contains("/programme/budget/2025-2027/2026"))
                let slip = try await post(tester, "/programme/budget/2025-2027/2026", ["amount": "50 000,0,0", "note": "Trust fund", "version": ""], jar: &secretariat)
                #expect(slip.status == .unprocessableEntity && slip.text.contains("Not an amount") && slip.text.contains("value=\"50 000,0,0\""))
                #expect(try await post(tester, "/programme/budget/2025-2027/2026", ["amount": "50 000,00", "note": "Trust fund", "version": ""],
                                       jar: &secretariat).status == .seeOther)
                #expect(try await post(tester, "/programme/budget/2025-2027/2031", ["amount": "1"], jar: &secretariat).status == .notFound)

                // Each sponsored official's items, then the sheet saved.
                let form = try await get(tester, costs + "?lang=en", jar: &secretariat)
                #expect(form.status == .ok && form.text.contains("Ana Quispe") && form.text.contains("Luis Rojas"))
                #expect(occurrences(of: "inputmode=\"decimal\"", in: form.text) == 12)
                let saved = try await post(tester, costs, Self.sheet(version: "0"), jar: &secretariat)
                #expect(saved.status == .seeOther && saved.headers.first(name: .location) == costs + "?saved=1")
                let lines = try await VisitCostModel.query(on: app.db).sort(\.$delegate).all()
                #expect(lines.map { "\($0.delegate) \($0.item) \($0.plannedCents.map(String.init) ?? "-") \($0.actualCents.map(String.init) ?? "-")" }
                    == ["Ana Quispe travel 120050 115000", "Luis Rojas meals 30000 -"])
                let shown = try await get(tester, costs + "?saved=1&lang=fr", jar: &secretariat)
                #expect(shown.text.contains("id=\"costs-saved\"") && shown.text.contains("value=\"1\u{202F}200,50\""))

                // A slip keeps everything typed and saves nothing; a form drawn before the last save is refused.
                let bad = try await post(tester, costs + "?lang=en", Self.sheet(version: "1", anaTravel: ("12a", "1150")), jar: &secretariat)
                #expect(bad.status == .unprocessableEntity && bad.text.contains("Not an amount") && bad.text.contains("value=\"12a\""))
                let stale = try await post(tester, costs + "?lang=en", Self.sheet(version: "0", luisMeals: "999"), jar: &secretariat)
                #expect(stale.status == .conflict && stale.text.contains("Someone saved these costs") && stale.text.contains("value=\"999\""))
                #expect(try await VisitCostModel.query(on: app.db).filter(\.$plannedCents == 99_900).count() == 0)

                // The partners see that costs were recorded, never the amounts; another state sees nothing.
                #expect(try await get(tester, costs, jar: &partner).status == .forbidden)
                #expect(try await post(tester, costs, Self.sheet(version: "1"), jar: &partner).status == .forbidden)
                #expect(try await get(tester, costs, jar: &kenya).status == .forbidden)
                let visit = try await get(tester, record.href + "/visits/1?lang=en", jar: &partner)
                #expect(!visit.text.contains("Sponsorship costs") && !visit.text.contains("1,200.50"))
                let workspace = try await get(tester, record.href + "?lang=en", jar: &partner)
                #expect(workspace.text.contains("The Secretariat recorded the sponsorship costs of visit 1."))
                #expect(try await get(tester, record.href + "/visits/1?lang=en", jar: &secretariat).text.contains("<dd>€1,500.50</dd>"))
                let audit = try await AuditEntryModel.query(on: app.db).filter(\.$action == "record_costs").all()
                #expect(audit.count == 1 && audit.first?.entityKey == "\(record.code)#1")

                // Spent: what was paid; committed: what is planned and not yet paid.
                let dashboard = try await get(tester, "/programme/dashboard?lang=en", jar: &secretariat)
                #expect(dashboard.text.contains("In 2026, 2% of the budget is spent or committed; €48,550.00 remains."))
                let budget = try await get(tester, "/programme/budget.csv", jar: &secretariat)
                #expect(budget.text.contains("2025-2027,2026,EUR,50000.00,300.00,1150.00,48550.00"))
                let file = try await get(tester, "/programme/costs.csv", jar: &secretariat)
                #expect(file.text.contains("\(record.code),2025-2027,1,2026,MEX,PER,confirmed,Ana Quispe,travel,EUR,1200.50,1150.00,secretariat@example.org"))
                #expect(try await get(tester, "/programme/costs.csv", jar: &partner).status == .forbidden)
                let officerToken = try await ApplicationsAPITests().token(app, email: "officer@example.org", role: .secretariat, state: nil)
                let json = try await Lifecycle().api(app, "/api/v1/programme/budget", token: officerToken)
                let positions = try JSONDecoder().decode([BudgetController.BudgetDTO].self, from: Data(json.text.utf8))
                let year = try #require(positions.first { $0.call == "2025-2027" && $0.year == 2026 })
                #expect(json.status == .ok && [year.budget, year.committed, year.spent, year.remaining] == ["50000.00", "300.00", "1150.00", "48550.00"])
                #expect(try await Lifecycle().api(app, "/api/v1/programme/budget", token: try await Lifecycle().apiToken(app, for: "per@demo.tandem")).status == .forbidden)

                // Cancelled, the visit costs only what was already paid.
                #expect(try await post(tester, record.href + "/visits/1/cancel", ["reason": "Flights cancelled"], jar: &partner).status == .seeOther)
                let after = try await get(tester, "/programme/budget.csv", jar: &secretariat)
                #expect(after.text.contains("2025-2027,2026,EUR,50000.00,0.00,1150.00,48850.00"))
            }
        }

        @Test func aSheetSavedAsItIsChangesNothingLinesLeftOutStayAndAConflictShowsTheOtherFigures() async throws {
            try await withTandem { app in
                let (record, peru, officer) = try await Lifecycle().withFirstVisitConfirmed(app, clock: TestClock("2026-01-05T09:00:00Z"))
                var (partner, secretariat) = (peru, officer)
                let tester = try app.testing()
                let costs = record.href + "/visits/1/costs?lang=en"
                #expect(try await post(tester, costs, Self.sheet(version: "0"), jar: &secretariat).status == .seeOther)
                func recorded() async throws -> [String] {
                    try await VisitCostModel.query(on: app.db).sort(\.$delegate).all()
                        .map { "\($0.delegate) \($0.item) \($0.plannedCents.map(String.init) ?? "-") \($0.actualCents.map(String.init) ?? "-")" }
                }
                let entries = { try await TimelineEventModel.query(on: app.db).filter(\.$kind == "visit_costs_recorded").count() }

                // The same sheet again, or a form that sends no lines: nothing moves, nothing is lost.
                #expect(try await post(tester, costs, Self.sheet(version: "1"), jar: &secretariat).status == .seeOther)
                #expect(try await post(tester, costs, ["version": "1"], jar: &secretariat).status == .seeOther)
                #expect(try await recorded() == ["Ana Quispe travel 120050 115000", "Luis Rojas meals 30000 -"])
                #expect(try await entries() == 1)
                #expect(try await VisitModel.query(on: app.db).filter(\.$costsVersion > 0).all().map(\.costsVersion) == [1])

                // A form drawn before the last save shows, under each field, what was saved meanwhile.
                let stale = try await post(tester, costs, Self.sheet(version: "0", luisMeals: "999"), jar: &secretariat)
                #expect(stale.status == .conflict && occurrences(of: "Saved meanwhile:", in: stale.text) == 1 && stale.text.contains("Saved meanwhile: €300.00"))

                // A figure cleared is removed; a negative one is refused and said so, and not counted in the totals.
                #expect(try await post(tester, costs, Self.sheet(version: "1", luisMeals: ""), jar: &secretariat).status == .seeOther)
                #expect(try await recorded() == ["Ana Quispe travel 120050 115000"])
                let negative = try await post(tester, costs, Self.sheet(version: "2", luisMeals: "-5"), jar: &secretariat)
                #expect(negative.status == .unprocessableEntity && negative.text.contains("A cost cannot be negative"))
                let long = try await post(tester, costs, Self.sheet(version: "2", luisMeals: String(repeating: "9", count: 40)), jar: &secretariat)
                #expect(long.status == .unprocessableEntity && long.text.contains("Too large for one item") && long.text.contains("<dd>€1,200.50</dd>"))

                // Two officials of one delegation cannot share a name: the costs are kept by name.
                var twins = Lifecycle.visit1
                twins["delegates[1][name]"] = "ana quispe"
                twins["start"] = "2026-09-07"
                twins["end"] = "2026-09-11"
                twins["host"] = "PER"
                let refused = try await post(tester, record.href + "/visits?lang=en", twins, jar: &partner)
                #expect(refused.status == .unprocessableEntity && refused.text.contains("This name is already in the delegation"))
            }
        }

        @Test func whatWasPaidWaitsForTheConfirmationAndAThirdOfficialForTheException() async throws {
            try await withTandem { app in
                let record = try await Lifecycle().begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await Lifecycle().jar("per@demo.tandem", app)
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                var plan = Lifecycle.visit1
                plan["delegates[2][name]"] = "Rosa Huamán"
                plan["delegates[2][title]"] = "Vice-Minister"
                plan["delegates[2][role]"] = "management"
                plan["delegates[2][sponsored]"] = "on"
                plan["delegates[2][exceptional]"] = "on"
                #expect(try await post(tester, record.href + "/visits", plan, jar: &peru).status == .seeOther)
                let costs = record.href + "/visits/1/costs?lang=en"
                let form = try await get(tester, costs, jar: &officer)
                #expect(form.text.contains("Rosa Huamán") && form.text.contains("amounts paid wait for the Secretariat to approve the exception"))
                #expect(form.text.contains("Amounts paid are recorded once the Secretariat has confirmed the visit."))
                let early = try await post(tester, costs, Self.sheet(version: "0"), jar: &officer)
                #expect(early.status == .unprocessableEntity && early.text.contains("Paid amounts are recorded once the Secretariat has confirmed the visit."))
                // Planned costs for the third official are fine; paid ones wait for the approval.
                var third = Self.sheet(version: "0", anaTravel: ("900", ""))
                third["lines[6][delegate]"] = "Rosa Huamán"
                third["lines[6][item]"] = "travel"
                third["lines[6][planned]"] = "900"
                #expect(try await post(tester, costs, third, jar: &officer).status == .seeOther)
                third["version"] = "1"
                third["lines[6][actual]"] = "880"
                #expect(try await post(tester, costs, third, jar: &officer).status == .unprocessableEntity)
                // Confirmed with the exception approved, what was paid for all three is recorded.
                #expect(try await post(tester, record.href + "/visits/1/confirm", ["approve[]": "2", "overrideReason": "Head of agency"],
                                       jar: &officer).status == .seeOther)
                third["lines[0][actual]"] = "870"
                #expect(try await post(tester, costs, third, jar: &officer).status == .seeOther)
                #expect(try await VisitCostModel.query(on: app.db).filter(\.$actualCents != nil).count() == 2)
                // Someone the state pays for, or someone made up, has no costs.
                var stranger = Self.sheet(version: "2")
                stranger["lines[0][delegate]"] = "Someone Else"
                let refused = try await post(tester, costs, stranger, jar: &officer)
                #expect(refused.status == .unprocessableEntity && refused.text.contains("not a sponsored member of the delegation"))
                var crafted = Self.sheet(version: "2")
                crafted["lines[1][item]"] = "champagne"
                crafted["lines[2][planned]"] = "100000000"
                let odd = try await post(tester, costs, crafted, jar: &officer)
                #expect(odd.status == .unprocessableEntity && odd.text.contains("Too large for one item"))
                #expect(try await VisitCostModel.query(on: app.db).count() == 3)
            }
        }

        @Test func twoSavesAtOnceKeepOneAndABudgetIsCreatedOnce() async throws {
            try await withTandem(ConcurrentChangesTests.onDisk) { app in
                let (record, _, officer) = try await Lifecycle().withFirstVisitConfirmed(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let other = try await MatchingTests().signIn("secretariat@example.org", app)
                try await LiveServer.run(app) { server in
                    let costs = try await server.together(2) { index in
                        try await server.post(record.href + "/visits/1/costs", Self.sheet(version: "0", luisMeals: index == 0 ? "300" : "310"),
                                              jar: index == 0 ? officer : other)
                    }
                    #expect(costs.sorted() == [303, 409])
                    let budgets = try await server.together(2) { index in
                        try await server.post("/programme/budget/2025-2027/2026", ["amount": index == 0 ? "40000" : "45000", "version": ""],
                                              jar: index == 0 ? officer : other)
                    }
                    #expect(budgets.sorted() == [303, 409])
                }
                #expect(try await VisitCostModel.query(on: app.db).filter(\.$item == "meals").count() == 1)
                #expect(try await ProgrammeBudgetModel.query(on: app.db).count() == 1)
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$entity == "budget").count() == 1)
            }
        }
    }
}
