import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// The Secretariat matching the demo pool of the 2025-2027 call (14 mentees, 7 mentors, budget 4), and the
    /// National Authorities answering the proposals it approves.
    @Suite struct MatchingTests {
        static let defaults: [String: String] = [
            "weight_thematic_fit": "40", "weight_shared_language": "20", "weight_same_group": "15", "weight_same_subregion": "5",
            "weight_stated_preference": "10", "weight_history": "10", "budget": "4", "shared_language": "on",
        ]

        /// The pool, and a jar signed in as a programme officer.
        func pool(_ app: Application) async throws -> CookieJar {
            try await DemoApplications.ensure(on: app)
            return CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
        }

        /// A jar signed in as an existing account.
        func signIn(_ email: String, _ app: Application) async throws -> CookieJar {
            let user = try #require(try await UserModel.query(on: app.db).filter(\.$email == email).first())
            let secret = SecretToken.make()
            try await SessionModel(tokenHash: SecretToken.hash(secret), userID: try user.requireID(), lastSeenAt: Date(),
                                   address: "", userAgent: "").create(on: app.db)
            return CookieJar(header: "\(Request.csrfCookie)=matching; \(Request.sessionCookie)=\(secret)")
        }

        /// Runs the matcher with the default parameters changed by `changes`.
        func runMatcher(_ changes: [String: String], _ tester: any TestingApplicationTester,
                        jar: inout CookieJar) async throws -> TestingHTTPResponse {
            try await post(tester, "/programme/calls/2025-2027/matching/runs", Self.defaults.merging(changes) { $1 }, jar: &jar)
        }

        func run(_ app: Application, number: Int) async throws -> MatchingRunModel {
            try #require(try await MatchingRunModel.query(on: app.db).filter(\.$number == number).first())
        }

        @Test func aRunProposesTheBestPairsWithinTheBudgetAndSaysWhyEveryoneElseIsOut() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = try await pool(app)
                let form = try await get(tester, "/programme/calls/2025-2027/matching", jar: &officer)
                #expect(form.text.contains("14 applications seek mentorship and 7 offer it"))
                #expect(form.text.contains("The call allows 8 visits a year at 2 visits a partnership: 4."))

                let made = try await post(tester, "/programme/calls/2025-2027/matching/runs", Self.defaults, jar: &officer)
                #expect(made.status == .seeOther && made.headers.first(name: .location) == "/programme/calls/2025-2027/matching/runs/1")
                let run = try await run(app, number: 1)
                let proposal = try run.proposalValue()
                let problem = try run.problemValue()
                #expect(proposal.isFeasible && proposal.pairs.count == 4)
                // Exact: the same total as the matcher finds on the saved problem, and every rule kept.
                #expect(proposal.total == Matcher.solve(problem).total)
                #expect(Set(proposal.pairs.map(\.pair.mentee)).count == 4)
                #expect(proposal.exclusions.filter { $0.side == .mentee }.count == 10)
                #expect(proposal.exclusions.filter { $0.side == .mentor }.count == 3)

                let page = try await get(tester, "/programme/calls/2025-2027/matching/runs/1", jar: &officer)
                #expect(page.status == .ok)
                #expect(page.text.contains("data-pair=\"PER-MEX\"") && page.text.contains("Thematic fit 40, Shared language 20"))
                #expect(page.text.contains("the budget of 4 new partnerships is used up"))
                #expect(page.text.contains("Not needed this time"))
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$entity == "matching_run").count() == 1)
            }
        }

        @Test func badParametersComeBackWithEverythingTypedAndEachErrorByItsField() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = try await pool(app)
                let answer = try await runMatcher(["weight_history": "ten", "quota_min_africa": "3", "quota_max_africa": "1",
                                                   "locks": "KEN NGA\nXXX YYY", "regional_share": "150"], tester, jar: &officer)
                #expect(answer.status == .unprocessableEntity)
                #expect(answer.text.contains("id=\"weight_history-error\"") && answer.text.contains("value=\"ten\""))
                #expect(answer.text.contains("id=\"quota_min_africa-error\"") && answer.text.contains("The least cannot be more than the most."))
                // The summary on top leads to each, named with its group where the label alone would not say which.
                #expect(answer.text.contains("id=\"error-summary\"") && answer.text.contains("<a href=\"#weight_history-error\">"))
                #expect(answer.text.contains("<a href=\"#quota_min_africa-error\">Africa · "))
                #expect(unresolvedSummaryLinks(answer.text).isEmpty)
                #expect(answer.text.contains("id=\"locks-error\"") && answer.text.contains("KEN NGA\nXXX YYY"))
                #expect(answer.text.contains("id=\"regional_share-error\"") && answer.text.contains("value=\"150\""))
                #expect(try await MatchingRunModel.query(on: app.db).count() == 0)
            }
        }

        @Test func aMinimumRegionalShareIsKeptAndShown() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = try await pool(app)
                _ = try await runMatcher(["regional_share": "100"], tester, jar: &officer)
                let run = try await run(app, number: 1)
                let proposal = try run.proposalValue(), problem = try run.problemValue()
                #expect(problem.rules.minimumRegionalShare == 100)
                let group = Dictionary((problem.mentees + problem.mentors).map { ($0.id, $0.group) }, uniquingKeysWith: { a, _ in a })
                #expect(proposal.isFeasible && !proposal.pairs.isEmpty)
                #expect(proposal.pairs.allSatisfy { group[$0.pair.mentee] == group[$0.pair.mentor] })
                var open = problem
                open.rules.minimumRegionalShare = nil
                #expect(proposal.total <= Matcher.solve(open).total)

                let page = try await get(tester, "/programme/calls/2025-2027/matching/runs/1", jar: &officer)
                let count = proposal.pairs.count
                #expect(page.text.contains("id=\"run-regional\">\(count) of \(count) (100%)"))
                #expect(page.text.contains("Pairs within one regional group (minimum %)"))
                // The next run starts from these parameters, share included.
                let next = try await get(tester, "/programme/calls/2025-2027/matching", jar: &officer)
                #expect(next.text.contains("name=\"regional_share\" value=\"100\""))
            }
        }

        @Test func lockingAndForbiddingRunAgainAndTwoRunsCompare() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = try await pool(app)
                _ = try await post(tester, "/programme/calls/2025-2027/matching/runs", Self.defaults, jar: &officer)
                let first = try await run(app, number: 1).proposalValue()
                let zambia = try #require(first.exclusions.first { $0.id == "ZMB" })
                guard case .outscored(let alternative) = zambia.reason else { Issue.record("Zambia is not outscored"); return }

                let locked = try await post(tester, "/programme/calls/2025-2027/matching/runs/1/adjust",
                                            ["action": "lock", "mentee": "ZMB", "mentor": alternative.mentor], jar: &officer)
                #expect(locked.headers.first(name: .location) == "/programme/calls/2025-2027/matching/runs/2?from=1")
                let second = try await run(app, number: 2)
                #expect(try second.proposalValue().pairs.contains { $0.pair == MatchingPair(mentee: "ZMB", mentor: alternative.mentor) && $0.locked })
                #expect(second.note == "Run 1 with ZMB–\(alternative.mentor) locked")

                let forbidden = try await post(tester, "/programme/calls/2025-2027/matching/runs/2/adjust",
                                               ["action": "forbid", "mentee": "PER", "mentor": "MEX"], jar: &officer)
                #expect(forbidden.status == .seeOther)
                let third = try await run(app, number: 3).proposalValue()
                #expect(!third.matchedPairs.contains(MatchingPair(mentee: "PER", mentor: "MEX")))
                #expect(third.matchedPairs.contains(MatchingPair(mentee: "ZMB", mentor: alternative.mentor)))

                let shown = try await get(tester, "/programme/calls/2025-2027/matching/runs/3?from=2", jar: &officer)
                #expect(shown.text.contains("Compared with run 2:"))
                let compared = try await get(tester, "/programme/calls/2025-2027/matching/compare?a=1&b=3", jar: &officer)
                #expect(compared.status == .ok && compared.text.contains("Run 1 and run 3"))
                #expect(compared.text.contains("Peru – Mexico") && compared.text.contains("removed") && compared.text.contains("added"))
                let missing = try await get(tester, "/programme/calls/2025-2027/matching/compare?a=1&b=9", jar: &officer)
                #expect(missing.status == .notFound)
            }
        }

        @Test func aPairTheRulesRefuseNeedsConfirmingBeforeItIsAddedByHand() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = try await pool(app)
                _ = try await post(tester, "/programme/calls/2025-2027/matching/runs", Self.defaults, jar: &officer)
                // Peru works in Spanish, the United Kingdom in English.
                let warned = try await post(tester, "/programme/calls/2025-2027/matching/runs/1/adjust",
                                            ["action": "add", "mentee": "PER", "mentor": "GBR"], jar: &officer)
                #expect(warned.status == .unprocessableEntity && warned.text.contains("These two share no working language"))
                #expect(warned.text.contains("id=\"confirm\""))
                #expect(try await MatchingRunModel.query(on: app.db).count() == 1)
                let added = try await post(tester, "/programme/calls/2025-2027/matching/runs/1/adjust",
                                           ["action": "add", "mentee": "PER", "mentor": "GBR", "confirm": "on"], jar: &officer)
                #expect(added.status == .seeOther)
                let parameters = try await run(app, number: 2).parametersValue()
                #expect(parameters.locks.contains(MatchingPair(mentee: "PER", mentor: "GBR")))
                #expect(parameters.languageWaivers.contains(MatchingPair(mentee: "PER", mentor: "GBR")))
                #expect(try await run(app, number: 2).proposalValue().matchedPairs.contains(MatchingPair(mentee: "PER", mentor: "GBR")))
            }
        }

        @Test func approvingPutsEachPairToBothStatesAndTheirAnswersDecideIt() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = try await pool(app)
                _ = try await post(tester, "/programme/calls/2025-2027/matching/runs", Self.defaults, jar: &officer)
                let approved = try await post(tester, "/programme/calls/2025-2027/matching/runs/1/approve", [:], jar: &officer)
                #expect(approved.status == .seeOther)
                #expect(try await post(tester, "/programme/calls/2025-2027/matching/runs/1/approve", [:], jar: &officer).status == .conflict)

                let proposals = try await PartnershipProposalModel.query(on: app.db).all()
                #expect(proposals.count == 4)
                let peru = try #require(proposals.first { $0.menteeISO3 == "PER" })
                let id = try peru.requireID().uuidString
                let mails = try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "partnership_proposal").all()
                #expect(mails.count == 8)
                #expect(mails.contains { $0.recipient == "per@demo.tandem" && $0.textBody.contains("/proposals/\(id)") })
                #expect(mails.contains { $0.recipient == "mex@demo.tandem" && $0.subject == "A partnership proposal for Mexico" })

                // Only the two states' focal points see it and answer it.
                var stranger = try await signIn("ken@demo.tandem", app)
                #expect(try await get(tester, "/proposals/\(id)", jar: &stranger).status == .forbidden)
                #expect(try await post(tester, "/proposals/\(id)/answer", ["answer": "accepted"], jar: &stranger).status == .forbidden)

                var peruvian = try await signIn("per@demo.tandem", app)
                let listed = try await get(tester, "/proposals", jar: &peruvian)
                #expect(listed.text.contains("/proposals/\(id)") && !listed.text.contains("Kenya"))
                let bare = try await post(tester, "/proposals/\(id)/answer", ["answer": "declined", "reason": " "], jar: &peruvian)
                #expect(bare.status == .unprocessableEntity && bare.text.contains("id=\"reason-error\""))
                // While the proposal stands, the application is answered through it, not withdrawn.
                let application = try #require(try await ApplicationModel.query(on: app.db).filter(\.$stateISO3 == "PER").first())
                let withdrawal = try await post(tester, "/applications/\(try application.requireID().uuidString)/withdraw?lang=en",
                                                ["reason": "Changed our mind"], jar: &peruvian)
                #expect(withdrawal.status == .conflict && withdrawal.text.contains("A partnership proposal stands on this application"))
                #expect(withdrawal.text.contains(">Changed our mind</textarea>"))
                #expect(try await post(tester, "/proposals/\(id)/answer", ["answer": "accepted"], jar: &peruvian).status == .seeOther)
                var mexican = try await signIn("mex@demo.tandem", app)
                let second = try await post(tester, "/proposals/\(id)/answer", ["answer": "accepted"], jar: &mexican)
                #expect(second.status == .seeOther)
                #expect(try await PartnershipProposalModel.find(peru.id, on: app.db)?.proposalStatus == .agreed)
                // An answer is given once.
                #expect(try await post(tester, "/proposals/\(id)/answer", ["answer": "declined", "reason": "x"], jar: &mexican).status == .conflict)
                // Agreed by both, it is an active partnership with its three reports and Peru's results framework.
                let partnership = try #require(try await PartnershipModel.query(on: app.db).filter(\.$proposalID == peru.requireID()).first())
                let record = try await PartnershipRecord.load(partnership, on: app.db)
                #expect(try partnership.partnershipStatus == .active && partnership.source == PartnershipModel.fromProposal)
                #expect(record.states(in: .mentor) == ["MEX"] && record.states(in: .mentee) == ["PER"])
                #expect(record.reports.map(\.kind).sorted() == ["final", "interim_1", "interim_2"])
                #expect(try !partnership.framework().areas.isEmpty)
                #expect(try await get(tester, "/proposals/\(id)", jar: &peruvian).text.contains("/partnerships/\(partnership.code)"))
                // Mexico's acceptance, the second, led into the partnership, saying it has begun.
                #expect(second.headers.first(name: .location) == "/partnerships/\(partnership.code)")
                #expect(try await get(tester, "/partnerships/\(partnership.code)?lang=en", jar: &mexican).text.contains("the partnership has begun"))
                let started = try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "partnership_started").all()
                #expect(Set(started.map(\.recipient)) == ["per@demo.tandem", "mex@demo.tandem"])

                // A decline returns both states to the pool, and the next run forbids the pair.
                let kenya = try #require(proposals.first { $0.menteeISO3 == "KEN" })
                var kenyan = try await signIn("ken@demo.tandem", app)
                let declined = try await post(tester, "/proposals/\(try kenya.requireID().uuidString)/answer",
                                              ["answer": "declined", "reason": "Our legislation team is not available this year."], jar: &kenyan)
                #expect(declined.status == .seeOther)
                // The partner and the Secretariat hear of it with the reason; the state that declined does not.
                let officers = try await UserModel.query(on: app.db).filter(\.$role == Role.secretariat.rawValue).filter(\.$isActive == true).all()
                let told = try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "proposal_declined").all()
                #expect(!officers.isEmpty)
                #expect(Set(told.map(\.recipient)) == Set(officers.map(\.email) + ["\(kenya.mentorISO3.lowercased())@demo.tandem"]))
                #expect(told.allSatisfy { $0.textBody.contains("Our legislation team is not available this year.") })
                #expect(told.filter { $0.language == "en" }.allSatisfy { $0.textBody.contains("Kenya declined the partnership with") })
                #expect(told.contains { $0.language == "en" })
                let next = try await get(tester, "/programme/calls/2025-2027/matching", jar: &officer)
                #expect(next.text.contains("11 applications seek mentorship and 7 offer it"))
                #expect(next.text.contains("KEN \(kenya.mentorISO3)</textarea>"))
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$entity == "partnership_proposal").count() == 3)
            }
        }
    }
}
