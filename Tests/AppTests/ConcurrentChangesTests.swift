import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

/// Two people (or one impatient person) acting at the same moment, with real requests sent together to a
/// running server: each change happens once, nothing typed is lost, and the database's invariants hold.
/// On SQLite the database is a file, as in production, so that concurrent connections behave as they do there.
extension AppTests {
    @Suite struct ConcurrentChangesTests {
        static func onDisk(_ config: inout AppConfig) {
            if case .sqliteMemory = config.database {
                config.database = .sqliteFile(path: FileManager.default.temporaryDirectory
                    .appendingPathComponent("tandem-race-\(UUID().uuidString).sqlite").path)
                config.secretsKey = Data(repeating: 7, count: 32)
            }
        }

        let matching = MatchingTests()

        /// The demo pool and two runs of the 2025-2027 call that propose the same four pairs.
        func twoRuns(_ app: Application) async throws -> CookieJar {
            var officer = try await matching.pool(app)
            let tester = try app.testing()
            for _ in 1...2 { #expect(try await matching.runMatcher([:], tester, jar: &officer).status == .seeOther) }
            return officer
        }

        func standingProposals(_ app: Application) async throws -> [PartnershipProposalModel] {
            try await PartnershipProposalModel.query(on: app.db).filter(\.$status != "declined").all()
        }

        @Test func twoRunsOfOneCallApprovedAtOnceProposeEachPairOnce() async throws {
            try await withTandem(Self.onDisk) { app in
                let officer = try await twoRuns(app)
                try await LiveServer.run(app) { server in
                    let codes = try await server.together(2) { index in
                        try await server.post("/programme/calls/2025-2027/matching/runs/\(index + 1)/approve", [:], jar: officer)
                    }
                    #expect(codes.sorted() == [303, 409])
                }
                let standing = try await standingProposals(app)
                #expect(standing.count == 4 && Set(standing.map(\.menteeISO3)).count == 4)
                #expect(try await OutboxMessageModel.query(on: app.db).filter(\.$kind == "partnership_proposal").count() == 8)
                #expect(try await MatchingRunModel.query(on: app.db).filter(\.$approvedAt != nil).count() == 1)
            }
        }

        @Test func aRunMadeBeforeAnotherWasApprovedIsRefusedWithItsPairs() async throws {
            try await withTandem { app in
                var officer = try await twoRuns(app)
                let tester = try app.testing()
                #expect(try await post(tester, "/programme/calls/2025-2027/matching/runs/1/approve", [:], jar: &officer).status == .seeOther)
                let second = try await post(tester, "/programme/calls/2025-2027/matching/runs/2/approve?lang=en", [:], jar: &officer)
                #expect(second.status == .conflict)
                #expect(second.text.contains("some of its pairs no longer fit") && second.text.contains("Peru"))
                #expect(try await standingProposals(app).count == 4)
            }
        }

        @Test func anApplicationWithdrawnAsItsRunIsApprovedIsNeverProposed() async throws {
            try await withTandem(Self.onDisk) { app in
                let officer = try await twoRuns(app)
                let peru = try #require(try await ApplicationModel.query(on: app.db).filter(\.$stateISO3 == "PER").first())
                let peruvian = try await matching.signIn("per@demo.tandem", app)
                try await LiveServer.run(app) { server in
                    let codes = try await server.together(2) { index in
                        index == 0
                            ? try await server.post("/programme/calls/2025-2027/matching/runs/1/approve", [:], jar: officer)
                            : try await server.post("/applications/\(try peru.requireID())/withdraw", ["reason": "Not this year"], jar: peruvian)
                    }
                    #expect(codes.filter { $0 == 303 }.count == 1 && codes.filter { $0 == 409 }.count == 1)
                    // The other run proposes Peru too: overtaken by the approval, or by the withdrawal, it is refused either way.
                    #expect(try await server.post("/programme/calls/2025-2027/matching/runs/2/approve", [:], jar: officer).status == .conflict)
                }
                let withdrawn = try await ApplicationModel.query(on: app.db).filter(\.$status == "withdrawn").all().map(\.stateISO3)
                let proposed = try await standingProposals(app).flatMap { [$0.menteeISO3, $0.mentorISO3] }
                #expect(Set(withdrawn).isDisjoint(with: proposed))
            }
        }

        @Test func bothStatesAcceptingAtOnceStartOnePartnership() async throws {
            try await withTandem(Self.onDisk) { app in
                var officer = try await twoRuns(app)
                let tester = try app.testing()
                _ = try await post(tester, "/programme/calls/2025-2027/matching/runs/1/approve", [:], jar: &officer)
                let proposals = try await standingProposals(app)
                let peru = try #require(proposals.first { $0.menteeISO3 == "PER" })
                let kenya = try #require(proposals.first { $0.menteeISO3 == "KEN" })
                let peruvian = try await matching.signIn("per@demo.tandem", app)
                let mentor = try await matching.signIn("\(peru.mentorISO3.lowercased())@demo.tandem", app)
                let kenyan = try await matching.signIn("ken@demo.tandem", app)
                let kenyasMentor = try await matching.signIn("\(kenya.mentorISO3.lowercased())@demo.tandem", app)
                try await LiveServer.run(app) { server in
                    let both = try await server.together(2) { index in
                        try await server.post("/proposals/\(try peru.requireID())/answer", ["answer": "accepted"],
                                              jar: index == 0 ? peruvian : mentor)
                    }
                    #expect(both == [303, 303])
                    // A double click: the second answer is refused, not recorded twice.
                    let twice = try await server.together(2) { _ in
                        try await server.post("/proposals/\(try kenya.requireID())/answer", ["answer": "accepted"], jar: kenyan)
                    }
                    #expect(twice.sorted() == [303, 409])
                    #expect(try await server.post("/proposals/\(try kenya.requireID())/answer", ["answer": "accepted"], jar: kenyasMentor)
                        .status == .seeOther)
                }
                for proposal in [peru, kenya] {
                    let stored = try #require(try await PartnershipProposalModel.find(proposal.id, on: app.db))
                    #expect(try stored.proposalStatus == .agreed)
                    #expect(try await PartnershipModel.query(on: app.db).filter(\.$proposalID == proposal.requireID()).count() == 1)
                }
            }
        }

        @Test func fourStartsOfOneApplicationAtOnceMakeOneDraft() async throws {
            try await withTandem(Self.onDisk) { app in
                ApplicationsAPITests().during(app)
                let jar = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let token = try await ApplicationsAPITests().token(app, email: "fp@na.gov.gh", role: .focalPoint, state: "GHA")
                try await LiveServer.run(app) { server in
                    let web = try await server.together(4) { _ in try await server.post("/programme/calls/2025-2027/apply", [:], jar: jar) }
                    #expect(web == [303, 303, 303, 303])
                    #expect(try await ApplicationModel.query(on: app.db).filter(\.$stateISO3 == "GHA").count() == 1)
                    try await ApplicationModel.query(on: app.db).set(\.$status, to: "withdrawn").update()
                    let api = try await server.together(4) { _ in
                        try await server.json(.POST, "/api/v1/applications", token: token, body: #"{"call": "2025-2027", "state": "GHA"}"#)
                    }
                    #expect(api.sorted() == [201, 409, 409, 409])
                }
                let active = try await ApplicationModel.query(on: app.db).filter(\.$stateISO3 == "GHA").filter(\.$status == "draft").count()
                #expect(active == 1)
            }
        }

        @Test func theSameVisitPlannedFourTimesAtOnceIsKeptOnce() async throws {
            try await withTandem(Self.onDisk) { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                let record = try await PartnershipLifecycleTests().begin(app, clock: clock)
                let peru = try await matching.signIn("per@demo.tandem", app)
                try await LiveServer.run(app) { server in
                    let codes = try await server.together(4) { _ in
                        try await server.post(record.href + "/visits", PartnershipLifecycleTests.visit1, jar: peru)
                    }
                    #expect(codes.sorted() == [303, 422, 422, 422])
                }
                #expect(try await VisitModel.query(on: app.db).filter(\.$partnership.$id == record.model.requireID()).count() == 1)
            }
        }

        /// Both partners marking the same task done at once: it is done once, with one line in the timeline, and
        /// neither press undoes the other.
        @Test func aTaskMarkedDoneTwiceAtOnceIsDoneOnce() async throws {
            try await withTandem(Self.onDisk) { app in
                let record = try await PartnershipLifecycleTests().begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let peru = try await matching.signIn("per@demo.tandem", app), mexico = try await matching.signIn("mex@demo.tandem", app)
                try await LiveServer.run(app) { server in
                    #expect(try await server.post(record.href + "/tasks", ["title": "Send the draft law", "owner": "PER"], jar: peru).status == .seeOther)
                    let task = try #require(try await PartnershipTaskModel.query(on: app.db).first())
                    let path = record.href + "/tasks/\(try task.requireID().uuidString)"
                    let codes = try await server.together(2) { index in
                        try await server.post(path, ["done": "yes"], jar: index == 0 ? peru : mexico)
                    }
                    #expect(codes == [303, 303])
                }
                #expect(try await PartnershipTaskModel.query(on: app.db).first()?.doneAt != nil)
                #expect(try await TimelineEventModel.query(on: app.db).filter(\.$kind == "task_done").count() == 1)
            }
        }

        /// A programme officer sending the status form of a page drawn before a colleague changed the partnership
        /// is told so, with what they typed; nothing of theirs is written over the colleague's change.
        @Test func aStatusFormFromAnOlderPageComesBackWithWhatWasTyped() async throws {
            try await withTandem(Self.onDisk) { app in
                let record = try await PartnershipLifecycleTests().begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let tester = try app.testing()
                let seen = record.model.version
                #expect(try await post(tester, record.href + "/status", ["status": "completed", "version": String(seen)], jar: &officer).status == .seeOther)
                let stale = try await post(tester, record.href + "/status",
                                           ["status": "closed", "reason": "The mentee withdrew", "version": String(seen)], jar: &officer)
                #expect(stale.status == .conflict)
                #expect(stale.text.contains("Someone changed this partnership after you opened the page") && stale.text.contains("The mentee withdrew"))
                #expect(try await PartnershipModel.find(record.model.id, on: app.db)?.status == "completed")
            }
        }

        /// Each partner's lead contact is guarded on its own: Peru saving its contact does not make Mexico's open form
        /// stale, but a second Peruvian form drawn before the first save comes back as typed.
        @Test func eachPartnersContactIsGuardedOnItsOwn() async throws {
            try await withTandem(Self.onDisk) { app in
                let record = try await PartnershipLifecycleTests().begin(app, clock: TestClock("2026-01-05T09:00:00Z"))
                let tester = try app.testing()
                var peru = try await matching.signIn("per@demo.tandem", app), mexico = try await matching.signIn("mex@demo.tandem", app)
                let path = record.href + "/contacts"
                #expect(try await post(tester, path, ["state": "PER", "lead_name": "Ana Quispe", "version": "0"], jar: &peru).status == .seeOther)
                #expect(try await post(tester, path, ["state": "MEX", "lead_name": "Luis Ortega", "version": "0"], jar: &mexico).status == .seeOther)
                let stale = try await post(tester, path, ["state": "PER", "lead_name": "Rosa Mamani", "version": "0"], jar: &peru)
                #expect(stale.status == .conflict && stale.text.contains("Rosa Mamani"))
                let leads = try await ParticipantModel.query(on: app.db).filter(\.$partnership.$id == record.model.requireID()).all()
                #expect(Set(leads.compactMap(\.leadName)) == ["Ana Quispe", "Luis Ortega"])
            }
        }

        /// A focal point of Togo whose password is "saffron pebble rocket", and a browser's jar to sign in with.
        static func account(_ email: String, _ app: Application) async throws -> CookieJar {
            let user = UserModel(email: email, displayName: email, language: .en, role: .focalPoint, stateISO3: "TGO", organisationID: nil)
            user.passwordHash = try app.password.hash("saffron pebble rocket")
            try await user.create(on: app.db)
            return CookieJar(header: "\(Request.csrfCookie)=\(email.prefix { $0 != "@" })")
        }

        @Test func fifteenWrongPasswordsAtOnceCheckFiveAndLockTheAccount() async throws {
            try await withTandem(Self.onDisk) { app in
                let jar = try await Self.account("burst@na.gov.tg", app)
                try await LiveServer.run(app) { server in
                    let codes = try await server.together(15) { index in
                        try await server.post("/account/sign-in", ["email": "burst@na.gov.tg", "password": "wrong guess \(index)"], jar: jar)
                    }
                    // Five attempts are checked; the rest wait, whichever order they arrive in, and none fails.
                    #expect(codes.filter { $0 == 401 }.count == 5)
                    #expect(codes.filter { $0 == 429 }.count == 10)
                    // Then even the right password waits for the lock to end.
                    let after = try await server.post("/account/sign-in", ["email": "burst@na.gov.tg", "password": "saffron pebble rocket"],
                                                      jar: jar)
                    #expect(after.status == .tooManyRequests)
                }
                let row = try #require(try await SignInThrottleModel.query(on: app.db).filter(\.$key == "email:burst@na.gov.tg").first())
                #expect(row.failures == 5 && row.lockedUntil != nil)
            }
        }

        @Test func sixRightPasswordsAtOnceAllSignIn() async throws {
            try await withTandem(Self.onDisk) { app in
                let jar = try await Self.account("tabs@na.gov.tg", app)
                try await LiveServer.run(app) { server in
                    let codes = try await server.together(6) { _ in
                        try await server.post("/account/sign-in", ["email": "tabs@na.gov.tg", "password": "saffron pebble rocket"], jar: jar)
                    }
                    #expect(codes == [303, 303, 303, 303, 303, 303])
                }
                #expect(try await SignInThrottleModel.query(on: app.db).filter(\.$key == "email:tabs@na.gov.tg").count() == 0)
            }
        }
    }
}
