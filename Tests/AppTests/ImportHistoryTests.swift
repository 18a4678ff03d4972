import Fluent
import Foundation
import Testing
import Vapor
@testable import App

extension AppTests {
    @Suite struct ImportHistoryTests {
        let partnershipsFile = packageRoot.appendingPathComponent("Resources/Data/mpp-partnerships-2012-2019.csv").path
        let participantsFile = packageRoot.appendingPathComponent("Resources/Data/mpp-participants-2012-2019.csv").path

        func runImport(_ app: Application, _ partnerships: String, _ participants: String) async throws {
            var context = CommandContext(console: app.console, input: CommandInput(arguments: ["tandem", partnerships, participants]))
            context.application = app
            try await ImportHistoryCommand().run(using: &context)
        }

        func write(_ text: String) throws -> String {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-\(UUID().uuidString).csv").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        @Test func importingTheShippedHistoryAgainChangesNothing() async throws {
            try await withTandem { app in
                let auditBefore = try await AuditEntryModel.query(on: app.db).count()
                try await runImport(app, partnershipsFile, participantsFile)
                #expect(try await PartnershipModel.query(on: app.db).count() == 19)
                #expect(try await VisitModel.query(on: app.db).count() == 38)
                #expect(try await ParticipantModel.query(on: app.db).count() == 38)
                #expect(try await AuditEntryModel.query(on: app.db).count() == auditBefore)
            }
        }

        @Test func aFileWithProblemsImportsNothing() async throws {
            try await withTandem { app in
                let header = "no,mentor,mentee,first_visit_host,first_visit_start,first_visit_end,return_visit_host,return_visit_start,return_visit_end,return_visit_note"
                let partnerships = try write("""
                \(header)
                1,Ghana,Togo,Ghana,2021-03-01,2021-03-05,Togo,2021-09-06,2021-09-10,
                2,Kenya,Ugnada,Kenya,2021-04-01,2021-04-05,Ugnada,2021-10-04,2021-10-08,
                3,Chile,Peru,Chile,2021-13-01,2021-04-05,Peru,2021-10-04,2021-10-08,
                4,Ghana,Togo,Ghana,2021-03-01,2021-03-05,Togo,2021-09-06,2021-09-10,
                """)
                let participants = try write("no,state_party\n1,Ghana\n2,Togo\n3,Kenya\n4,Uganda\n5,Chile\n6,Peru\n")
                await #expect(throws: CommandFailure.self) {
                    try await runImport(app, partnerships, participants)
                }
                #expect(try await PartnershipModel.query(on: app.db).count() == 19)
                #expect(try await PartnershipModel.query(on: app.db).filter(\.$code == "2021-GHA-TGO").count() == 0)
            }
        }

        @Test func importsNewPartnershipsOnceWithAnAuditEntry() async throws {
            try await withTandem { app in
                let header = "no,mentor,mentee,first_visit_host,first_visit_start,first_visit_end,return_visit_host,return_visit_start,return_visit_end,return_visit_note"
                let partnerships = try write("\(header)\n1,Ghana,Togo,Ghana,2021-03-01,2021-03-05,Togo,,,Planned for 2022\n")
                let participants = try write("no,state_party\n1,Ghana\n2,Togo\n")
                try await runImport(app, partnerships, participants)
                try await runImport(app, partnerships, participants)
                let imported = try await PartnershipModel.query(on: app.db).filter(\.$code == "2021-GHA-TGO").with(\.$visits).all()
                #expect(imported.count == 1)
                #expect(imported.first?.visits.map(\.status).sorted() == ["completed", "planned"])
                let audit = try await AuditEntryModel.query(on: app.db).filter(\.$entityKey == "2021-GHA-TGO").all()
                #expect(audit.map(\.actor) == ["import-history"])
                #expect(audit.first?.after.contains("\"code\":\"2021-GHA-TGO\"") == true)
            }
        }

        @Test func aMissingFileIsReportedByName() async throws {
            try await withTandem { app in
                await #expect {
                    try await runImport(app, "/nonexistent/partnerships.csv", participantsFile)
                } throws: { error in
                    "\(error)".contains("/nonexistent/partnerships.csv")
                }
            }
        }
    }

    @Suite struct ReferenceDataTests {
        @Test func reloadingUpdatesStatesInPlaceAndAudits() async throws {
            try await withTandem { app in
                var states = app.statesDirectory.states
                let unchanged = try await ReferenceDataLoader.load(states, on: app.db, actor: "test")
                #expect(unchanged == .init(created: 0, updated: 0, unchanged: 193))

                let index = try #require(states.firstIndex { $0.iso3 == "TUR" })
                let old = states[index]
                states[index] = .init(iso2: old.iso2, iso3: old.iso3, m49: old.m49, nameEN: "Türkiye (corrected)",
                                      nameFR: old.nameFR, nameES: old.nameES, regionalGroup: old.regionalGroup,
                                      region: old.region, subregion: old.subregion, languages: old.languages, aliases: old.aliases)
                let corrected = try await ReferenceDataLoader.load(states, on: app.db, actor: "test")
                #expect(corrected == .init(created: 0, updated: 1, unchanged: 192))
                #expect(try await StatePartyModel.query(on: app.db).count() == 193)
                let row = try await StatePartyModel.query(on: app.db).filter(\.$iso3 == "TUR").first()
                #expect(row?.nameEN == "Türkiye (corrected)")
                let audit = try await AuditEntryModel.query(on: app.db).filter(\.$entityKey == "TUR").first()
                #expect(audit?.before.contains("\"nameEN\":\"Türkiye\"") == true)
                #expect(audit?.after.contains("Türkiye (corrected)") == true)
            }
        }

        @Test func preparingTheDatabaseTwiceDuplicatesNothing() async throws {
            try await withTandem { app in
                try await app.prepareDatabase()
                #expect(try await StatePartyModel.query(on: app.db).count() == 193)
                #expect(try await PartnershipModel.query(on: app.db).count() == 19)
                #expect(try await VisitModel.query(on: app.db).count() == 38)
            }
        }
    }
}
