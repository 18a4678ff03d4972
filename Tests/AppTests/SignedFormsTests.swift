import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

/// The form signed by the Head of the National Authority: every upload kept with who and when, served to the
/// state's focal points and the Secretariat with its own media type, shown in the application's page.
extension AppTests {
    @Suite struct SignedFormsTests {
        let api = ApplicationsAPITests()

        /// A Ghanaian draft with a token for its focal point.
        func draft(_ app: Application) async throws -> (id: String, token: String) {
            api.during(app)
            let token = try await api.token(app, email: "fp@na.gov.gh", role: .focalPoint, state: "GHA")
            let made = try await api.request(app, .POST, "/api/v1/applications", #"{"call": "2025-2027", "state": "GHA"}"#, token: token)
            return (try #require(made.json["id"] as? String), token)
        }

        func upload(_ app: Application, _ id: String, _ body: String, token: String) async throws -> TestingHTTPResponse {
            try await api.request(app, .PUT, "/api/v1/applications/\(id)/signed-form", body, token: token, type: .pdf)
        }

        @Test func everyUploadIsKeptAndServedToTheStateAndTheSecretariatOnly() async throws {
            try await withTandem { app in
                let (id, token) = try await draft(app)
                #expect(try await upload(app, id, "%PDF-1.4\nfirst, unsigned\n", token: token).status == .ok)
                #expect(try await upload(app, id, "%PDF-1.4\nsecond, signed and sealed\n", token: token).status == .ok)
                let uploads = try await SignedFormModel.query(on: app.db).sort(\.$number).all()
                #expect(uploads.map(\.number) == [1, 2] && uploads.allSatisfy { $0.uploadedBy == "fp@na.gov.gh" })
                #expect(Set(uploads.map(\.file)).count == 2)
                #expect(uploads.allSatisfy { FileManager.default.fileExists(atPath: app.uploads.url($0.file).path) })

                let tester = try app.testing()
                var ghana = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let latest = try await get(tester, "/applications/\(id)/signed-form", jar: &ghana)
                #expect(latest.status == .ok && latest.text.contains("second, signed and sealed"))
                #expect(latest.headers.contentType == .pdf)
                #expect(latest.headers.first(name: .contentDisposition) == "inline; filename=\"GHA-2025-2027-signed-form-2.pdf\"")
                #expect(latest.headers.first(name: "X-Frame-Options") == "SAMEORIGIN")
                let first = try await get(tester, "/applications/\(id)/signed-forms/1?download=1", jar: &ghana)
                #expect(first.text.contains("first, unsigned"))
                #expect(first.headers.first(name: .contentDisposition) == "attachment; filename=\"GHA-2025-2027-signed-form-1.pdf\"")
                #expect(try await get(tester, "/applications/\(id)/signed-forms/3", jar: &ghana).status == .notFound)

                // The Secretariat sees it where it reviews: framed in the page, with every upload listed.
                var officer = CookieJar(header: try await RouteRoleMatrixTests.signIn(.secretariat, app))
                let page = try await get(tester, "/applications/\(id)?lang=en", jar: &officer)
                #expect(page.text.contains("<iframe class=\"signed-form-view\" src=\"/applications/\(id)/signed-form\""))
                #expect(page.text.contains("href=\"/applications/\(id)/signed-forms/1\">Upload 1</a>"))
                #expect(page.text.contains("href=\"/applications/\(id)/signed-forms/2\">Upload 2</a>"))
                #expect(try await get(tester, "/applications/\(id)/signed-forms/1", jar: &officer).status == .ok)

                // Another state's focal point, a member and a visitor do not.
                let peru = try await api.token(app, email: "fp@na.gob.pe", role: .focalPoint, state: "PER")
                #expect(try await api.request(app, .GET, "/api/v1/applications/\(id)/signed-form", token: peru).status == .forbidden)
                var member = CookieJar(header: try await RouteRoleMatrixTests.signIn(.member, app))
                #expect(try await get(tester, "/applications/\(id)/signed-form", jar: &member).status == .forbidden)
                var visitor = CookieJar(header: try await RouteRoleMatrixTests.signIn(.visitor, app))
                #expect(try await get(tester, "/applications/\(id)/signed-form", jar: &visitor).status == .seeOther)

                // The API serves the same files.
                let viaAPI = try await api.request(app, .GET, "/api/v1/applications/\(id)/signed-forms/1", token: token)
                #expect(viaAPI.status == .ok && viaAPI.text.contains("first, unsigned"))
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "attach_signed_form").count() == 2)
            }
        }

        @Test func aFileTooLargeIsAnsweredByTheFieldAndNothingIsKept() async throws {
            try await withTandem { app in
                let (id, _) = try await draft(app)
                let tester = try app.testing()
                var jar = CookieJar(header: try await RouteRoleMatrixTests.signIn(.focalPoint, app))
                let big = "%PDF-1.4\n" + String(repeating: "x", count: UploadType.maximumBytes + 1024)
                let response = try await ApplicationEditingTests().multipart(tester, "/applications/\(id)/signed-form?lang=en", file: big, jar: &jar)
                #expect(response.status == .payloadTooLarge)
                #expect(response.text.contains("id=\"signed-file-error\"") && response.text.contains("larger than 10 MB"))
                #expect(try await SignedFormModel.query(on: app.db).count() == 0)
            }
        }

        /// Uploads sent at the same moment are each kept once, numbered without a gap or a repeat.
        @Test func uploadsSentTogetherAreAllKeptWithTheirOwnNumbers() async throws {
            try await withTandem(ConcurrentChangesTests.onDisk) { app in
                let (id, token) = try await draft(app)
                try await LiveServer.run(app) { server in
                    let codes = try await server.together(6) { index in
                        try await app.client.put(URI(string: server.base + "/api/v1/applications/\(id)/signed-form"),
                                                 headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/pdf"]) {
                            $0.body = ByteBuffer(string: "%PDF-1.4\nupload \(index)\n")
                        }
                    }
                    #expect(codes == Array(repeating: 200, count: 6))
                }
                let uploads = try await SignedFormModel.query(on: app.db).all()
                #expect(uploads.map(\.number).sorted() == Array(1...6))
                let application = try #require(try await ApplicationModel.find(UUID(uuidString: id), on: app.db))
                let latest = try #require(uploads.max { $0.number < $1.number })
                #expect(application.signedFormFile == latest.file)
            }
        }

        @Test func aFormAttachedOnceSubmittedIsRefusedAndItsFileIsNotKept() async throws {
            try await withTandem { app in
                let (id, token) = try await draft(app)
                let application = try #require(try await ApplicationModel.find(UUID(uuidString: id), on: app.db))
                application.status = ApplicationStatus.submitted.rawValue
                try await application.save(on: app.db)
                let refused = try await upload(app, id, "%PDF-1.4\nlate\n", token: token)
                #expect(refused.status == .conflict)
                #expect(try await SignedFormModel.query(on: app.db).count() == 0)
            }
        }
    }
}
