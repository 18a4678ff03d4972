import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// Every JSON document Tandem keeps is read in every shape it was ever stored in. Shape 0 is each document as
    /// stored before documents said their shape: the type's fields, bare (taken from records written then).
    @Suite struct StoredDocumentTests {
        enum Shape0 {
            static let applicationForm = #"{"actionPlanStatus":"","contactPerson":"Demo contact, Zambia","contributionToPlan":"","emails":["na.zmb@demo.tandem"],"expectedResults":[{"description":"A stronger National Authority and implementing legislation tabled","meansOfVerification":"Interim and final reports"}],"experience":"","expertise":[],"headName":"Head of the National Authority of Zambia","headTitle":"Head of the National Authority","mode":"seeking","motivation":"Demo application: Zambia seeks mentorship.","nationalAuthority":"National Authority of Zambia","needs":[{"key":"implementing_legislation","level":1},{"key":"national_authority","level":1},{"key":"transfers_control","level":2}],"needsAssessment":"","needsJustification":"","phone":"","preferredPartners":["GBR"],"previousResultsAssessment":"","resultsFramework":{"areas":[{"customName":"","key":"national_authority","outcomes":[{"indicators":[{"baseline":"none","description":"National action plan","meansOfVerification":"Decision of the government","target":"adopted","unit":""}],"statement":"A national action plan for the Convention adopted"}],"outputs":[{"indicators":[{"baseline":"0","description":"Officials trained","meansOfVerification":"Attendance lists","target":"8","unit":"officials"}],"statement":"Staff of the National Authority trained on declarations and inspections"}]},{"customName":"","key":"implementing_legislation","outcomes":[{"indicators":[{"baseline":"not drafted","description":"Draft law","meansOfVerification":"Parliamentary record","target":"tabled in parliament","unit":""}],"statement":"Draft implementing legislation tabled"}],"outputs":[{"indicators":[{"baseline":"0","description":"Drafting sessions held","meansOfVerification":"Agendas and minutes","target":"2","unit":"sessions"}],"statement":"Drafters briefed on the model implementing legislation"}]},{"customName":"","key":"transfers_control","outcomes":[{"indicators":[{"baseline":"0","description":"Share of staff applying the procedures","meansOfVerification":"Survey of staff","target":"75","unit":"%"}],"statement":"New procedures applied"}],"outputs":[{"indicators":[{"baseline":"0","description":"Officials trained","meansOfVerification":"Attendance lists","target":"5","unit":"officials"}],"statement":"Officials trained in the area"}]}]},"signedFormAttached":false,"signedOn":"2025-02-12","sponsorshipRequired":true,"workingLanguages":["en"]}"#
            /// A draft saved by the API with only the fields its client sent.
            static let applicationDraft = #"{"mode":"offering","motivation":"We can help","phone":"+233 30 000 0000"}"#
            static let reportForm = #"{"activities":"Meetings and a workshop","analysis":"Declarations covered","implementationChanges":"","legislationChanges":"","nextSteps":"Draft the law","participants":"Eight officials","recommendations":"","values":{"0.output.0.0":{"actual":"3","comment":""},"1.output.0.0":{"actual":"3","comment":""},"2.output.0.0":{"actual":"3","comment":""}}}"#
            static let resultsFramework = #"{"areas":[{"customName":"","key":"national_authority","outcomes":[{"indicators":[{"baseline":"none","description":"National action plan","meansOfVerification":"Decision of the government","target":"adopted","unit":""}],"statement":"A national action plan for the Convention adopted"}],"outputs":[{"indicators":[{"baseline":"0","description":"Officials trained","meansOfVerification":"Attendance lists","target":"8","unit":"officials"}],"statement":"Staff of the National Authority trained on declarations and inspections"}]},{"customName":"","key":"implementing_legislation","outcomes":[{"indicators":[{"baseline":"not drafted","description":"Draft law","meansOfVerification":"Parliamentary record","target":"tabled in parliament","unit":""}],"statement":"Draft implementing legislation tabled"}],"outputs":[{"indicators":[{"baseline":"0","description":"Drafting sessions held","meansOfVerification":"Agendas and minutes","target":"2","unit":"sessions"}],"statement":"Drafters briefed on the model implementing legislation"}]},{"customName":"","key":"education_outreach","outcomes":[{"indicators":[{"baseline":"0","description":"Share of staff applying the procedures","meansOfVerification":"Survey of staff","target":"75","unit":"%"}],"statement":"New procedures applied"}],"outputs":[{"indicators":[{"baseline":"0","description":"Officials trained","meansOfVerification":"Attendance lists","target":"5","unit":"officials"}],"statement":"Officials trained in the area"}]}]}"#
            /// Written before the minimum share of regional pairs existed.
            static let matchingParameters = #"{"budget":4,"capacities":{},"forbids":[],"groupQuotas":{},"languageWaivers":[],"locks":[],"sharedLanguageRequired":true,"weights":{"weights":{"history":10,"same_group":15,"same_subregion":5,"shared_language":20,"stated_preference":10,"thematic_fit":40}}}"#
            static let matchingProblem = #"{"forbids":[],"formerPartnerships":[{"mentee":"NER","mentor":"DZA"}],"locks":[],"mentees":[{"areas":{"implementing_legislation":1,"national_authority":1},"capacity":1,"group":"GRULAC","id":"BOL","languages":["es"],"pastMentorships":0,"preferred":[],"subregion":"South America"},{"areas":{"chemical_safety_security":2,"implementing_legislation":1,"national_authority":2},"capacity":1,"group":"Eastern Europe","id":"GEO","languages":["en"],"pastMentorships":0,"preferred":[],"subregion":"Western Asia"}],"mentors":[{"areas":{"implementing_legislation":1,"inspections":1,"national_authority":1,"transfers_control":2},"capacity":1,"group":"Eastern Europe","id":"CZE","languages":["en","ru"],"pastMentorships":0,"preferred":[],"subregion":"Eastern Europe"}],"rules":{"budget":4,"groupQuotas":{},"languageWaivers":[],"sharedLanguageRequired":true},"weights":{"weights":{"history":10,"same_group":15,"same_subregion":5,"shared_language":20,"stated_preference":10,"thematic_fit":40}}}"#
            static let matchingProposal = #"{"conflicts":[],"exclusions":[{"id":"GEO","reason":{"outscored":{"_0":{"breaksMinimum":false,"ended":[{"mentee":"KEN","mentor":"NGA"}],"limits":[{"budget":{"_0":4}}],"mentor":"FRA","score":54,"started":[],"totalDrop":21}}},"side":"mentee"}],"pairs":[{"locked":false,"pair":{"mentee":"BOL","mentor":"MEX"},"score":{"parts":[{"component":"thematic_fit","points":40,"share":1},{"component":"shared_language","points":20,"share":1},{"component":"same_group","points":15,"share":1},{"component":"same_subregion","points":0,"share":0},{"component":"stated_preference","points":0,"share":0},{"component":"history","points":5,"share":0.5}],"total":80}}],"total":328}"#
            static let agenda = #"[{"day":"2026-03-02","sessions":[{"activity":"Meeting with the National Authority","place":"Mexico City","time":"09:00"}]}]"#
        }

        @Test func everyDocumentReadsInTheShapeStoredBeforeShapesWereRecorded() throws {
            let form = try StoredValue.document(ApplicationForm.self, Shape0.applicationForm, column: "applications.form")
            #expect(form.mode == .seeking && form.contactPerson == "Demo contact, Zambia" && form.preferredPartners == ["GBR"])
            #expect(form.resultsFramework.areas.map(\.key) == ["national_authority", "implementing_legislation", "transfers_control"])
            #expect(form.signedOn == CivilDate(iso: "2025-02-12"))
            let draft = try StoredValue.document(ApplicationForm.self, Shape0.applicationDraft, column: "applications.form")
            #expect(draft.mode == .offering && draft.phone == "+233 30 000 0000" && draft.needs.isEmpty && draft.emails.isEmpty)

            let report = try StoredValue.document(ReportForm.self, Shape0.reportForm, column: "reports.form")
            #expect(report.activities == "Meetings and a workshop" && report.values.count == 3)
            let framework = try StoredValue.document(ResultsFramework.self, Shape0.resultsFramework, column: "partnerships.results_framework")
            #expect(framework.areas.count == 3 && framework.areas[0].outputs[0].indicators[0].target == "8")

            let parameters = try StoredValue.document(MatchingParameters.self, Shape0.matchingParameters, column: "matching_runs.parameters")
            #expect(parameters.budget == 4 && parameters.minimumRegionalShare == nil && parameters.sharedLanguageRequired)
            let problem = try StoredValue.document(MatchingProblem.self, Shape0.matchingProblem, column: "matching_runs.problem")
            #expect(problem.mentees.map(\.id) == ["BOL", "GEO"] && problem.mentors.map(\.id) == ["CZE"])
            let proposal = try StoredValue.document(MatchingProposal.self, Shape0.matchingProposal, column: "matching_runs.proposal")
            #expect(proposal.total == 328 && proposal.pairs.first?.pair.mentor == "MEX" && proposal.exclusions.count == 1)

            let agenda = try StoredValue.document([AgendaDay].self, Shape0.agenda, column: "visits.agenda")
            #expect(agenda.first?.sessions.first?.place == "Mexico City")
        }

        @Test func documentsAreWrittenWithTheirShapeAndReadBack() throws {
            let form = try StoredValue.document(ApplicationForm.self, Shape0.applicationForm, column: "applications.form")
            let stored = StoredJSON.document(form)
            #expect(stored.hasPrefix(#"{"document":{"#) && stored.hasSuffix(#","shape":1}"#))
            #expect(try StoredValue.document(ApplicationForm.self, stored, column: "applications.form") == form)
            let agenda = try StoredValue.document([AgendaDay].self, Shape0.agenda, column: "visits.agenda")
            #expect(try StoredValue.document([AgendaDay].self, StoredJSON.document(agenda), column: "visits.agenda") == agenda)
        }

        @Test func aShapeNewerThanThisBuildIsAFaultNotAnEmptyDocument() {
            let newer = #"{"document":{"phone":"+233","somethingNew":true},"shape":2}"#
            #expect(throws: UnreadableStoredValue.self) {
                try StoredValue.document(ApplicationForm.self, newer, column: "applications.form")
            }
            #expect(throws: UnreadableStoredValue.self) {
                try StoredValue.document([AgendaDay].self, #"{"document":[],"shape":9}"#, column: "visits.agenda")
            }
        }

        /// An application stored before shapes were recorded opens, and its next save writes the current shape.
        @Test func anApplicationStoredInTheFirstShapeOpensAndIsSavedInTheCurrentOne() async throws {
            try await withTandem { app in
                try await DemoApplications.ensure(on: app)
                let application = try #require(try await ApplicationModel.query(on: app.db).filter(\.$stateISO3 == "ZMB").first())
                try await (app.db as! any SQLDatabase).update(ApplicationModel.schema).set("form", to: SQLBind(Shape0.applicationForm))
                    .where("id", .equal, SQLBind(try application.requireID())).run()
                let reread = try #require(try await ApplicationModel.find(application.id, on: app.db))
                #expect(try reread.value().contactPerson == "Demo contact, Zambia")
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let page = try await get(try app.testing(), "/applications/\(try application.requireID().uuidString)", jar: &officer)
                #expect(page.status == .ok && page.text.contains("Demo contact, Zambia"))
                reread.setForm(try reread.value())
                try await reread.save(on: app.db)
                let saved = try #require(try await ApplicationModel.find(application.id, on: app.db))
                #expect(try saved.form.hasSuffix(#","shape":1}"#) && saved.value().contactPerson == "Demo contact, Zambia")
            }
        }
    }
}
