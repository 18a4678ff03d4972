import Fluent
import Foundation
import SQLKit
import TandemCore
import Testing
import Vapor
@testable import App

extension AppTests {
    /// The signed-in person is read from a plain row on every request (`UserModel(row:)`); it must read exactly
    /// what Fluent reads, and a later save must write only what the request changed.
    @Suite struct UserRowTests {
        @Test func theFieldsReadFromARowAreEveryFieldFluentKnows() {
            #expect(Set(UserModel().storedFields.flatMap(\.keys)) == Set(UserModel.keys))
        }

        @Test func aPersonReadFromARowIsThePersonFluentReadsAndSavesOnlyWhatChanged() async throws {
            try await withTandem { app in
                let organisation = OrganisationModel(name: "Regional training centre", kind: "training", countryISO3: "GHA")
                try await organisation.create(on: app.db)
                let person = UserModel(email: "row@demo.tandem", displayName: "Row Reader", language: .fr, role: .organisation,
                                       stateISO3: "GHA", organisationID: try organisation.requireID())
                person.passwordHash = "hash-1"
                person.totpSecret = "sealed"
                person.totpLastStep = 9_000_000_001
                try await person.create(on: app.db)

                let sql = app.db as! any SQLDatabase
                let row = try #require(try await sql.raw("SELECT * FROM users WHERE email = \(bind: "row@demo.tandem")").first())
                let fromRow = try UserModel(row: row)
                let fromFluent = try #require(try await UserModel.find(person.requireID(), on: app.db))
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                #expect(try encoder.encode(fromRow) == encoder.encode(fromFluent))
                #expect(fromRow.$id.exists && !fromRow.hasChanges)

                // Someone else changes the password meanwhile; this request changes only the name.
                fromFluent.passwordHash = "hash-2"
                try await fromFluent.save(on: app.db)
                fromRow.displayName = "Renamed"
                try await fromRow.save(on: app.db)
                let stored = try #require(try await UserModel.find(person.requireID(), on: app.db))
                #expect(stored.displayName == "Renamed" && stored.passwordHash == "hash-2" && stored.totpLastStep == 9_000_000_001)
                #expect(try await UserModel.query(on: app.db).filter(\.$email == "row@demo.tandem").count() == 1)
            }
        }
    }
}
