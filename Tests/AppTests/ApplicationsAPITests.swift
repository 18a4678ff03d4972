import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    @Suite struct ApplicationsAPITests {
        static let indicator = #"{"description": "Officials trained", "baseline": "0", "target": "12", "unit": "officials", "meansOfVerification": "Attendance lists"}"#
        static func area(_ key: String) -> String {
            #"{"key": "\#(key)", "customName": "", "outputs": [{"statement": "Workshop held", "indicators": [\#(indicator)]}], "outcomes": [{"statement": "Declarations on time", "indicators": [\#(indicator)]}]}"#
        }
        /// A mentee's form with everything but the signed file.
        static let complete = #"""
            {"nationalAuthority": "Ghana National Authority", "contactPerson": "Kofi Mensah", "phone": "+233 30 000 0000",
             "emails": ["na@example.gh"], "mode": "seeking", "sponsorshipRequired": true, "motivation": "To strengthen implementation.",
             "needsAssessment": "Made with stakeholders.", "needsJustification": "Legislation pending.", "actionPlanStatus": "Drafted.",
             "contributionToPlan": "Items 2 and 4.", "needs": [{"key": "implementing_legislation", "level": 1}],
             "preferredPartners": ["NGA"], "partnerAgreementSought": false, "workingLanguages": ["en"],
             "firstVisitFrom": "2026-04-01", "firstVisitTo": "2026-06-30",
             "expectedResults": [{"description": "Bill drafted", "meansOfVerification": "Draft bill"}],
             "resultsFramework": {"areas": [\#(area("national_authority")), \#(area("implementing_legislation"))]},
             "headName": "Ama Owusu", "headTitle": "Head of the National Authority", "signedOn": "2026-01-10"}
            """#

        func request(_ app: Application, _ method: HTTPMethod, _ path: String, _ body: String = "", token: String,
                     type: HTTPMediaType = .json) async throws -> TestingHTTPResponse {
            var headers = HTTPHeaders()
            headers.contentType = type
            headers.bearerAuthorization = BearerAuthorization(token: token)
            return try await app.testing().performTest(request: .init(method: method, url: .init(path: path), headers: headers,
                                                                      body: ByteBuffer(string: body)))
        }

        func token(_ app: Application, email: String, role: Role, state: String?) async throws -> String {
            let user = UserModel(email: email, displayName: email, language: .en, role: role, stateISO3: state, organisationID: nil)
            try await user.create(on: app.db)
            let (model, secret) = APITokenModel.make(for: try user.requireID(), name: "applications", scope: .write)
            try await model.create(on: app.db)
            return secret
        }

        /// Inside the 2025-2027 call, whatever day the tests run.
        func during(_ app: Application) {
            app.clock = AppClock(now: { Date(timeIntervalSince1970: 1_768_478_400) })  // 2026-01-15
        }

        @Test func aFocalPointWritesAttachesAndSubmitsAnApplication() async throws {
            try await withTandem { app in
                during(app)
                let ghana = try await token(app, email: "fp@na.gov.gh", role: .focalPoint, state: "GHA")
                let made = try await request(app, .POST, "/api/v1/applications", #"{"call": "2025-2027", "state": "gha"}"#, token: ghana)
                #expect(made.status == .created)
                let id = try #require(made.json["id"] as? String)
                #expect(made.json["status"] as? String == "draft" && made.json["onBehalf"] as? Bool == false)
                #expect(((made.json["problems"] as? [[String: Any]]) ?? []).count > 10)
                let again = try await request(app, .POST, "/api/v1/applications", #"{"call": "2025-2027", "state": "GHA"}"#, token: ghana)
                #expect(again.status == .conflict)

                let filled = try await request(app, .PUT, "/api/v1/applications/\(id)", #"{"form": \#(Self.complete)}"#, token: ghana)
                #expect(filled.status == .ok)
                let left = (filled.json["problems"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(left == ["signedForm"])

                let early = try await request(app, .POST, "/api/v1/applications/\(id)/submit", token: ghana)
                #expect(early.status == .unprocessableEntity)
                let error = try #require(early.json["error"] as? [String: Any])
                #expect(error["code"] as? String == "incomplete")
                #expect((error["fields"] as? [String: String])?["signedForm"] == "Attach the form signed by the Head of the National Authority.")

                let text = try await request(app, .PUT, "/api/v1/applications/\(id)/signed-form", "just some text", token: ghana, type: .pdf)
                #expect(text.status == .unsupportedMediaType)
                let pdf = try await request(app, .PUT, "/api/v1/applications/\(id)/signed-form", "%PDF-1.4\n%signed\n", token: ghana, type: .pdf)
                #expect(pdf.status == .ok && pdf.json["signedForm"] as? String == "application/pdf")
                let stored = try #require(try await ApplicationModel.find(UUID(uuidString: id), on: app.db))
                #expect(FileManager.default.fileExists(atPath: app.uploads.url(try #require(stored.signedFormFile)).path))

                let submitted = try await request(app, .POST, "/api/v1/applications/\(id)/submit", token: ghana)
                #expect(submitted.status == .ok && submitted.json["status"] as? String == "submitted")
                let history = try #require(submitted.json["history"] as? [[String: Any]])
                #expect(history.count == 1 && history[0]["from"] as? String == "draft" && history[0]["by"] as? String == "fp@na.gov.gh")
                #expect(try await request(app, .PUT, "/api/v1/applications/\(id)", #"{"form": {}}"#, token: ghana).status == .conflict)
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$entity == "application").count() == 4)
            }
        }

        @Test func theChecklistNamesAnEmptyMandatoryAreaAndAnUnknownPartner() async throws {
            try await withTandem { app in
                during(app)
                let ghana = try await token(app, email: "fp@na.gov.gh", role: .focalPoint, state: "GHA")
                let form = Self.complete.replacingOccurrences(of: #", \#(Self.area("implementing_legislation"))"#, with: "")
                    .replacingOccurrences(of: #"["NGA"]"#, with: #"["XYZ"]"#)
                let made = try await request(app, .POST, "/api/v1/applications", #"{"call": "2025-2027", "state": "GHA", "form": \#(form)}"#, token: ghana)
                let problems = (made.json["problems"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(problems.contains("resultsFramework.implementing_legislation"))
                #expect(problems.contains("resultsFramework") && problems.contains("preferredPartners[0]"))
                let messages = (made.json["problems"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
                #expect(messages.contains("XYZ is not a State Party."))
            }
        }

        @Test func anotherStatesFocalPointIsRefusedAndTheSecretariatWritesOnBehalf() async throws {
            try await withTandem { app in
                during(app)
                let ghana = try await token(app, email: "fp@na.gov.gh", role: .focalPoint, state: "GHA")
                let uk = try await token(app, email: "fp@na.gov.uk", role: .focalPoint, state: "GBR")
                let officer = try await token(app, email: "officer@opcw.example", role: .secretariat, state: nil)
                let made = try await request(app, .POST, "/api/v1/applications", #"{"call": "2025-2027", "state": "GHA"}"#, token: ghana)
                let id = try #require(made.json["id"] as? String)
                #expect(try await request(app, .GET, "/api/v1/applications/\(id)", token: uk).status == .forbidden)
                #expect(try await request(app, .PUT, "/api/v1/applications/\(id)", #"{"form": {}}"#, token: uk).status == .forbidden)
                #expect(try await request(app, .POST, "/api/v1/applications", #"{"call": "2025-2027", "state": "GHA"}"#, token: uk).status == .forbidden)
                let listed = try await request(app, .GET, "/api/v1/applications", token: uk)
                #expect(listed.json["total"] as? Int == 0 && (listed.json["items"] as? [Any])?.isEmpty == true)

                let paper = try await request(app, .POST, "/api/v1/applications", #"{"call": "2025-2027", "state": "NGA"}"#, token: officer)
                #expect(paper.status == .created && paper.json["onBehalf"] as? Bool == true)
                let all = try await request(app, .GET, "/api/v1/applications", token: officer)
                #expect(all.body.string.contains("\"GHA\"") && all.body.string.contains("\"NGA\""))
                let unknown = try await request(app, .POST, "/api/v1/applications", #"{"call": "1999-2001", "state": "PER"}"#, token: officer)
                #expect(unknown.status == .unprocessableEntity)
                let garbled = try await request(app, .POST, "/api/v1/applications", #"{"call": 5}"#, token: officer)
                #expect(garbled.status == .badRequest)
            }
        }
    }
}
