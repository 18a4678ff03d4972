import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct NationalAuthorityTests {
        @Test func aFocalPointKeepsTheirOwnStatesDetailsAndNoOtherStates() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var visitor = CookieJar()
                #expect(try await get(tester, "/states/GHA", jar: &visitor).text.contains("No contact details have been entered"))

                var ghana = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let profile = try await get(tester, "/states/GHA", jar: &ghana)
                #expect(profile.text.contains("href=\"/states/GHA/national-authority/edit\""))
                #expect(!(try await get(tester, "/states/GBR", jar: &ghana)).text.contains("national-authority/edit"))
                #expect(try await get(tester, "/states/GHA/national-authority/edit", jar: &ghana).status == .ok)

                let other = try await get(tester, "/states/GBR/national-authority/edit", jar: &ghana)
                #expect(other.status == .forbidden)
                #expect(other.text.contains("You do not have the rights to open this page."))
                let forged = try await post(tester, "/states/GBR/national-authority", ["name": "Not theirs"], jar: &ghana)
                #expect(forged.status == .forbidden)

                let wrong = try await post(tester, "/states/GHA/national-authority", [
                    "name": "", "email": "not-an-email", "website": "www.example.gh", "phone": "+233 30 000 0000",
                ], jar: &ghana)
                #expect(wrong.status == .unprocessableEntity)
                #expect(wrong.text.contains("id=\"name-error\"") && wrong.text.contains("id=\"email-error\"")
                        && wrong.text.contains("id=\"website-error\"") && !wrong.text.contains("id=\"phone-error\""))
                #expect(wrong.text.contains("value=\"+233 30 000 0000\"") && wrong.text.contains("value=\"www.example.gh\""))

                let saved = try await post(tester, "/states/GHA/national-authority", [
                    "name": "Ghana National Authority for the CWC", "address": "PO Box 1\nAccra", "email": "NA@example.gh",
                    "website": "https://na.example.gh",
                ], jar: &ghana)
                #expect(saved.status == .seeOther)
                // The public, cached profile shows the change at once.
                let shown = try await get(tester, "/states/GHA", jar: &visitor)
                #expect(shown.text.contains("Ghana National Authority for the CWC") && shown.text.contains("na@example.gh"))
                let audit = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$entity == "national_authority").first())
                #expect(audit.actor == "focalpoint@example.org")
                #expect(audit.action == "create" && audit.after.contains("\"website\":\"https:\\/\\/na.example.gh\""))
            }
        }

        @Test func theSecretariatKeepsEveryStatesDetails() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                for code in ["GBR", "PER"] {
                    let saved = try await post(tester, "/states/\(code)/national-authority", ["name": "Authority \(code)"], jar: &officer)
                    #expect(saved.status == .seeOther)
                }
                let again = try await post(tester, "/states/GBR/national-authority", ["name": "Authority GBR, renamed"], jar: &officer)
                #expect(again.status == .seeOther)
                let update = try #require(try await AuditEntryModel.query(on: app.db).filter(\.$action == "update").first())
                #expect(update.before.contains("Authority GBR\"") && update.after.contains("renamed"))
                #expect(try await get(tester, "/states/XXX/national-authority/edit", jar: &officer).status == .notFound)
            }
        }

        /// Two people editing the same details: the later form, drawn before the first was saved, comes back as typed
        /// with what was saved meanwhile under each field that differs; sending it again keeps it.
        @Test func detailsSavedMeanwhileAreNotWrittenOver() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                #expect(try await post(tester, "/states/GHA/national-authority", ["name": "Ghana NA"], jar: &officer).status == .seeOther)
                let form = try await get(tester, "/states/GHA/national-authority/edit", jar: &officer)
                #expect(form.text.contains("name=\"version\" value=\"0\""))
                #expect(try await post(tester, "/states/GHA/national-authority", ["name": "Ghana NA", "phone": "+233 1", "version": "0"],
                                       jar: &officer).status == .seeOther)
                let stale = try await post(tester, "/states/GHA/national-authority", ["name": "Ghana National Authority", "version": "0"], jar: &officer)
                #expect(stale.status == .conflict)
                #expect(stale.text.contains("value=\"Ghana National Authority\"") && stale.text.contains("Saved meanwhile by someone else: “+233 1”"))
                #expect(stale.text.contains("name=\"version\" value=\"1\""))
                #expect(try await NationalAuthorityController.authority("GHA", on: app.db)?.phone == "+233 1")
                let again = try await post(tester, "/states/GHA/national-authority", ["name": "Ghana National Authority", "version": "1"], jar: &officer)
                #expect(again.status == .seeOther)
                #expect(try await NationalAuthorityController.authority("GHA", on: app.db)?.name == "Ghana National Authority")
            }
        }
    }
}
