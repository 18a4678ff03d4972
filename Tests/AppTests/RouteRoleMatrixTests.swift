import Fluent
import Foundation
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// Every registered route, asked by every kind of person, answers as this table says. A route added
    /// without a row here fails the test, so no route can be forgotten when rights are decided.
    @Suite struct RouteRoleMatrixTests {
        enum Asker: String, CaseIterable {
            case visitor, member, organisation, focalPoint, secretariat, admin
        }

        /// Expected status for (visitor, member, organisation, focal point for Ghana, secretariat, admin).
        static let matrix: [String: [UInt]] = [
            "GET /": [200, 200, 200, 200, 200, 200],
            "GET /states": [200, 200, 200, 200, 200, 200],
            "GET /states/:iso3": [200, 200, 200, 200, 200, 200],
            "GET /programme/partnerships": [200, 200, 200, 200, 200, 200],
            "GET /programme/partnerships/:code": [200, 200, 200, 200, 200, 200],
            "GET /programme/statistics": [200, 200, 200, 200, 200, 200],
            "GET /programme/calls": [200, 200, 200, 200, 200, 200],
            "GET /help": [200, 200, 200, 200, 200, 200],
            "GET /search": [200, 200, 200, 200, 200, 200],
            "GET /programme/calls/:slug": [200, 200, 200, 200, 200, 200],
            "GET /programme/calls/:slug/annex-1": [200, 200, 200, 200, 200, 200],
            "GET /programme/calls/:slug/annex-2": [200, 200, 200, 200, 200, 200],
            "GET /programme/calls/new": [303, 403, 403, 403, 200, 200],
            "POST /programme/calls": [303, 403, 403, 403, 422, 422],
            "GET /programme/calls/:slug/edit": [303, 403, 403, 403, 200, 200],
            "POST /programme/calls/:slug": [303, 403, 403, 403, 422, 422],
            "GET /programme/statistics.csv": [200, 200, 200, 200, 200, 200],
            "GET /programme/statistics.json": [200, 200, 200, 200, 200, 200],
            "GET /api/v1/states": [200, 200, 200, 200, 200, 200],
            "GET /api/v1/states/:iso3": [200, 200, 200, 200, 200, 200],
            "GET /api/v1/partnerships": [200, 200, 200, 200, 200, 200],
            "GET /api/v1/partnerships/:code": [200, 200, 200, 200, 200, 200],
            "GET /api/v1/visits": [200, 200, 200, 200, 200, 200],
            "GET /api/v1/programme/statistics": [200, 200, 200, 200, 200, 200],
            "GET /api/v1/openapi.json": [200, 200, 200, 200, 200, 200],
            "GET /api/v1/calls": [200, 200, 200, 200, 200, 200],
            "GET /api/v1/calls/:slug": [200, 200, 200, 200, 200, 200],
            "POST /api/v1/calls": [401, 401, 401, 401, 401, 401],
            // The API takes tokens only: a session cookie reads nothing that needs one.
            "GET /api/v1/applications": [401, 401, 401, 401, 401, 401],
            "GET /api/v1/applications/:id": [401, 401, 401, 401, 401, 401],
            "GET /api/v1/applications/:id/signed-form": [401, 401, 401, 401, 401, 401],
            "GET /api/v1/applications/:id/signed-forms/:number": [401, 401, 401, 401, 401, 401],
            "POST /api/v1/applications": [401, 401, 401, 401, 401, 401],
            "PUT /api/v1/applications/:id": [401, 401, 401, 401, 401, 401],
            "PUT /api/v1/applications/:id/signed-form": [401, 401, 401, 401, 401, 401],
            "POST /api/v1/applications/:id/submit": [401, 401, 401, 401, 401, 401],
            "POST /api/v1/applications/:id/withdraw": [401, 401, 401, 401, 401, 401],
            "GET /api/v1/states/:iso3/national-authority": [404, 404, 404, 404, 404, 404],
            // The API takes no cookies for writing: a signed-in browser without a token is refused.
            "PUT /api/v1/states/:iso3/national-authority": [401, 401, 401, 401, 401, 401],
            "GET /healthz": [200, 200, 200, 200, 200, 200],
            "GET /metrics": [200, 200, 200, 200, 200, 200],
            "GET /account": [303, 200, 200, 200, 200, 200],
            "GET /account/sign-in": [200, 303, 303, 303, 303, 303],
            "POST /account/sign-in": [401, 401, 401, 401, 401, 401],
            "POST /account/sign-out": [303, 303, 303, 303, 303, 303],
            "POST /account/sign-out-everywhere": [303, 303, 303, 303, 303, 303],
            "GET /account/welcome/:token": [404, 404, 404, 404, 404, 404],
            "POST /account/welcome/:token": [404, 404, 404, 404, 404, 404],
            "GET /account/reset": [200, 200, 200, 200, 200, 200],
            "POST /account/reset": [200, 200, 200, 200, 200, 200],
            "GET /account/reset/:token": [404, 404, 404, 404, 404, 404],
            "POST /account/reset/:token": [404, 404, 404, 404, 404, 404],
            "POST /account/tokens": [303, 422, 422, 422, 422, 422],
            "POST /account/profile": [303, 422, 422, 422, 422, 422],
            "POST /account/password": [303, 422, 422, 422, 422, 422],
            "GET /account/two-factor": [303, 303, 303, 303, 303, 303],
            "POST /account/two-factor": [303, 303, 303, 303, 303, 303],
            "GET /account/two-factor/setup": [303, 200, 200, 200, 200, 200],
            "POST /account/two-factor/setup": [303, 422, 422, 422, 422, 422],
            "POST /account/two-factor/recovery-codes": [303, 303, 303, 303, 303, 303],
            "POST /account/two-factor/disable": [303, 401, 401, 401, 403, 403],
            "POST /account/tokens/:id/revoke": [303, 404, 404, 404, 404, 404],
            "GET /states/:iso3/national-authority/edit": [303, 403, 403, 403, 200, 200],
            "POST /states/:iso3/national-authority": [303, 403, 403, 403, 422, 422],
            "GET /applications": [303, 200, 200, 200, 200, 200],
            "GET /applications/:id": [303, 404, 404, 404, 404, 404],
            "GET /applications/:id/signed-form": [303, 404, 404, 404, 404, 404],
            "GET /programme/awaiting": [301, 301, 301, 301, 301, 301],
            "GET /tasks": [303, 200, 200, 200, 200, 200],
            "GET /applications/:id/report-templates/:kind": [303, 404, 404, 404, 404, 404],
            "GET /applications/:id/signed-forms/:number": [303, 404, 404, 404, 404, 404],
            "GET /applications/:id/print": [303, 404, 404, 404, 404, 404],
            "POST /programme/calls/:slug/apply": [303, 403, 403, 303, 422, 422],
            "GET /applications/:id/edit": [303, 404, 404, 404, 404, 404],
            "POST /applications/:id/edit": [303, 404, 404, 404, 404, 404],
            "POST /applications/:id/signed-form": [303, 404, 404, 404, 404, 404],
            "GET /programme/review": [303, 403, 403, 403, 200, 200],
            "POST /applications/:id/decision": [303, 403, 403, 403, 404, 404],
            "POST /applications/:id/withdraw": [303, 404, 404, 404, 404, 404],
            "GET /programme/calls/:slug/matching": [303, 403, 403, 403, 200, 200],
            "POST /programme/calls/:slug/matching/runs": [303, 403, 403, 403, 422, 422],
            "GET /programme/calls/:slug/matching/runs/:number": [303, 403, 403, 403, 404, 404],
            "POST /programme/calls/:slug/matching/runs/:number/adjust": [303, 403, 403, 403, 404, 404],
            "POST /programme/calls/:slug/matching/runs/:number/approve": [303, 403, 403, 403, 404, 404],
            "GET /programme/calls/:slug/matching/compare": [303, 403, 403, 403, 404, 404],
            "GET /proposals": [303, 200, 200, 200, 200, 200],
            "GET /proposals/:id": [303, 404, 404, 404, 404, 404],
            "POST /proposals/:id/answer": [303, 404, 404, 404, 404, 404],
            "GET /partnerships": [303, 200, 200, 200, 200, 200],
            "GET /partnerships/new": [303, 403, 403, 403, 200, 200],
            "POST /partnerships": [303, 403, 403, 403, 422, 422],
            // The sample is a partnership of the 2012-2019 history (Ghana is not in it): read only, and only
            // for its partners and the Secretariat.
            "GET /partnerships/:code": [303, 403, 403, 403, 200, 200],
            "POST /partnerships/:code/contacts": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/status": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/meetings": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/meetings/schedule": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/meetings/:meeting/held": [303, 403, 403, 403, 409, 409],
            "GET /partnerships/:code/meetings/:meeting/calendar.ics": [303, 403, 403, 403, 404, 404],
            "POST /partnerships/:code/tasks": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/tasks/:task": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/notes": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/mou": [303, 403, 403, 403, 409, 409],
            "GET /partnerships/:code/mou": [303, 403, 403, 403, 404, 404],
            "POST /partnerships/:code/follow-ups": [303, 403, 403, 403, 409, 409],
            "GET /partnerships/:code/reports/:slug": [303, 403, 403, 403, 404, 404],
            "POST /partnerships/:code/reports/:slug": [303, 403, 403, 403, 404, 404],
            "POST /partnerships/:code/reports/:slug/cosign": [303, 403, 403, 403, 404, 404],
            "POST /partnerships/:code/reports/:slug/review": [303, 403, 403, 403, 404, 404],
            "GET /partnerships/:code/visits/new": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/visits": [303, 403, 403, 403, 409, 409],
            "GET /partnerships/:code/visits/:number": [303, 403, 403, 403, 200, 200],
            "GET /partnerships/:code/visits/:number/edit": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/visits/:number": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/visits/:number/confirm": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/visits/:number/complete": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/visits/:number/cancel": [303, 403, 403, 403, 409, 409],
            "GET /partnerships/:code/visits/:number/calendar.ics": [303, 403, 403, 403, 200, 200],
            "GET /partnerships/:code/visits/:number/invitation": [303, 403, 403, 403, 200, 200],
            "GET /partnerships/:code/visits/:number/costs": [303, 403, 403, 403, 200, 200],
            "POST /partnerships/:code/visits/:number/costs": [303, 403, 403, 403, 409, 409],
            "GET /partnerships/:code/framework": [303, 403, 403, 403, 200, 200],
            "POST /partnerships/:code/framework": [303, 403, 403, 403, 409, 409],
            "POST /partnerships/:code/framework/:number/decision": [303, 403, 403, 403, 409, 409],
            "GET /partnerships/:code/iati.xml": [303, 403, 403, 403, 200, 200],
            "GET /programme/dashboard": [303, 403, 403, 403, 200, 200],
            "GET /programme/dashboard/visits.csv": [303, 403, 403, 403, 200, 200],
            "GET /programme/dashboard/reports.csv": [303, 403, 403, 403, 200, 200],
            "GET /programme/budget": [303, 403, 403, 403, 200, 200],
            "GET /programme/budget.csv": [303, 403, 403, 403, 200, 200],
            "GET /programme/costs.csv": [303, 403, 403, 403, 200, 200],
            "GET /programme/budget/:call/:year": [303, 403, 403, 403, 200, 200],
            "POST /programme/budget/:call/:year": [303, 403, 403, 403, 422, 422],
            "GET /api/v1/programme/budget": [401, 401, 401, 401, 401, 401],
            "GET /calendar/:file": [404, 404, 404, 404, 404, 404],
            "GET /kept-forms/:secret": [303, 404, 404, 404, 404, 404],
            "POST /account/calendar-feed": [303, 201, 201, 201, 201, 201],
            "GET /api/v1/partnerships/:code/visits": [401, 401, 401, 401, 401, 401],
            "GET /api/v1/partnerships/:code/visits/:number/delegates": [401, 401, 401, 401, 401, 401],
            "GET /api/v1/partnerships/:code/reports": [401, 401, 401, 401, 401, 401],
            "GET /api/v1/partnerships/:code/indicators": [401, 401, 401, 401, 401, 401],
            "GET /api/v1/partnerships/:code/iati": [401, 401, 401, 401, 401, 401],
            "GET /admin/audit": [303, 403, 403, 403, 403, 200],
            "GET /admin/users": [303, 403, 403, 403, 403, 200],
            "POST /admin/users/:id/deactivate": [303, 403, 403, 403, 403, 404],
            "POST /admin/users/:id/reactivate": [303, 403, 403, 403, 403, 404],
            "POST /admin/users/:id/unlock": [303, 403, 403, 403, 403, 404],
            "GET /admin/users/:id": [303, 403, 403, 403, 403, 404],
            "POST /admin/users/:id/role": [303, 403, 403, 403, 403, 404],
            "POST /admin/users/:id/tokens/:token/revoke": [303, 403, 403, 403, 403, 404],
            "POST /admin/users/:id/reset-two-factor": [303, 403, 403, 403, 403, 404],
            "GET /admin/organisations": [303, 403, 403, 403, 403, 200],
            "POST /admin/organisations": [303, 403, 403, 403, 403, 422],
            "GET /admin/organisations/:id": [303, 403, 403, 403, 403, 404],
            "POST /admin/organisations/:id": [303, 403, 403, 403, 403, 404],
            "GET /admin/invitations": [303, 403, 403, 403, 200, 200],
            "POST /admin/invitations": [303, 403, 403, 403, 422, 422],
            "GET /admin/outbox": [303, 403, 403, 403, 403, 200],
            "GET /admin/outbox/:id": [303, 403, 403, 403, 403, 404],
            "GET /clearing-house": [200, 200, 200, 200, 200, 200],
            "GET /clearing-house/search": [200, 200, 200, 200, 200, 200],
            "GET /clearing-house/export.csv": [200, 200, 200, 200, 200, 200],
            "GET /clearing-house/export.json": [200, 200, 200, 200, 200, 200],
            "GET /clearing-house/opportunities.atom": [200, 200, 200, 200, 200, 200],
            "GET /clearing-house/library.xml": [200, 200, 200, 200, 200, 200],
            // OAI-PMH answers a request it cannot serve with its own error in XML.
            "GET /clearing-house/oai": [200, 200, 200, 200, 200, 200],
            "POST /clearing-house/oai": [200, 200, 200, 200, 200, 200],
            "GET /api/v1/clearing-house/records": [200, 200, 200, 200, 200, 200],
            "GET /api/v1/clearing-house/records/:id": [404, 404, 404, 404, 404, 404],
            "GET /clearing-house/facets/:field": [200, 200, 200, 200, 200, 200],
            "GET /clearing-house/:kind": [200, 200, 200, 200, 200, 200],
            // A record nobody may read is not found, whoever asks.
            "GET /clearing-house/records/:id": [404, 404, 404, 404, 404, 404],
            "GET /clearing-house/:kind/new": [303, 200, 200, 200, 200, 200],
            // A record is saved only with its title.
            "POST /clearing-house/:kind": [303, 422, 422, 422, 422, 422],
            "GET /clearing-house/records/:id/edit": [303, 404, 404, 404, 404, 404],
            "POST /clearing-house/records/:id": [303, 404, 404, 404, 404, 404],
            "POST /clearing-house/records/:id/:step": [303, 404, 404, 404, 404, 404],
            "GET /clearing-house/mine": [303, 200, 200, 200, 200, 200],
            "GET /clearing-house/saved": [303, 200, 200, 200, 200, 200],
            "GET /clearing-house/coverage": [200, 200, 200, 200, 200, 200],
            "GET /clearing-house/coverage.csv": [200, 200, 200, 200, 200, 200],
            "POST /clearing-house/records/:id/tell/:other": [303, 404, 404, 404, 404, 404],
            "POST /clearing-house/records/:id/outcome": [303, 404, 404, 404, 404, 404],
            "POST /clearing-house/records/:id/relations": [303, 404, 404, 404, 404, 404],
            "POST /clearing-house/records/:id/relations/remove": [303, 404, 404, 404, 404, 404],
            "GET /clearing-house/records/:id/file": [404, 404, 404, 404, 404, 404],
            "POST /clearing-house/records/:id/file": [303, 404, 404, 404, 404, 404],
            "POST /clearing-house/records/:id/file/remove": [303, 404, 404, 404, 404, 404],
            // A signed link from an email: no sign-in, and not found unless Tandem signed it.
            "GET /clearing-house/records/:id/still-valid/:signature": [404, 404, 404, 404, 404, 404],
            "POST /clearing-house/records/:id/still-valid/:signature": [404, 404, 404, 404, 404, 404],
            // An empty form saves the search for everything.
            "POST /clearing-house/saved": [303, 303, 303, 303, 303, 303],
            "POST /clearing-house/saved/:id": [303, 404, 404, 404, 404, 404],
            "POST /clearing-house/saved/:id/delete": [303, 404, 404, 404, 404, 404],
            "GET /clearing-house/review": [303, 403, 403, 403, 200, 200],
            // Nothing chosen: back to the queue, which says so.
            "POST /clearing-house/review": [303, 403, 403, 403, 303, 303],
            "POST /admin/outbox/:id/retry": [303, 403, 403, 403, 403, 404],
        ]

        static let samples: [String: String] = [
            "iso3": "GBR", "code": "2016-GBR-MWI", "slug": "2025-2027", "token": "not-a-real-link", "id": "00000000-0000-0000-0000-000000000000",
            "number": "1", "file": "not-a-real-feed.ics", "task": "00000000-0000-0000-0000-000000000000", "call": "2025-2027", "year": "2026",
            "kind": "opportunities", "field": "areas", "step": "publish", "other": "00000000-0000-0000-0000-000000000000", "signature": "not-a-signature",
        ]

        @Test func everyRouteHasARow() async throws {
            try await withTandem { app in
                let routed = Set(app.routes.all.filter { !Self.leadsBack($0) }.map(Self.key))
                #expect(routed.subtracting(Self.matrix.keys).sorted() == [], "routes without a row in the matrix")
                #expect(Set(Self.matrix.keys).subtracting(routed).sorted() == [], "rows for routes that no longer exist")
            }
        }

        @Test(arguments: Asker.allCases)
        func everyRouteAnswersAsTheMatrixSays(asker: Asker) async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let cookies = try await Self.signIn(asker, app)
                let column = Asker.allCases.firstIndex(of: asker)!
                // Signing out ends the session the other requests rely on, so it goes last.
                let endsSession = ["POST /account/sign-out", "POST /account/sign-out-everywhere"]
                let routes = app.routes.all.sorted { a, b in endsSession.contains(Self.key(b)) && !endsSession.contains(Self.key(a)) }
                for route in routes {
                    let key = Self.key(route)
                    guard let expected = Self.leadsBack(route) ? 303 : Self.matrix[key]?[column] else { continue }
                    let path = "/" + route.path.map { component -> String in
                        if case .parameter(let name) = component { return Self.samples[name] ?? name }
                        if case .anything = component { return "x" }
                        return "\(component)"
                    }.joined(separator: "/")
                    var headers: HTTPHeaders = ["Cookie": cookies]
                    var body = ByteBuffer()
                    if route.method == .POST {
                        headers.contentType = .urlEncodedForm
                        body = ByteBuffer(string: "_csrf=matrix&email=nobody%40example.org&password=wrong-password-1")
                    }
                    let response = try await tester.performTest(request: .init(
                        method: route.method, url: .init(path: path), headers: headers, body: body))
                    #expect(response.status.code == expected, "\(asker.rawValue): \(key) answered \(response.status.code)")
                }
            }
        }

        /// The GET that a form's address answers with (`FormAddresses`): a way back to the form's page, for anyone.
        static func leadsBack(_ route: Route) -> Bool { route.userInfo[FormAddresses.userInfoKey] != nil }

        static func key(_ route: Route) -> String {
            "\(route.method.rawValue) /" + route.path.map { "\($0)" }.joined(separator: "/")
        }

        /// A cookie header for `asker`: a session made directly in the database, plus a CSRF token.
        static func signIn(_ asker: Asker, _ app: Application) async throws -> String {
            let csrf = "\(Request.csrfCookie)=matrix"
            let role: Role
            switch asker {
            case .visitor: return csrf
            case .member: role = .member
            case .organisation: role = .organisation
            case .focalPoint: role = .focalPoint
            case .secretariat: role = .secretariat
            case .admin: role = .admin
            }
            let user = UserModel(email: "\(asker.rawValue)@example.org", displayName: asker.rawValue, language: .en, role: role,
                                 stateISO3: role == .focalPoint ? "GHA" : nil, organisationID: nil)
            try await user.create(on: app.db)
            let secret = SecretToken.make()
            try await SessionModel(tokenHash: SecretToken.hash(secret), userID: try user.requireID(), lastSeenAt: Date(),
                                   address: "", userAgent: "").create(on: app.db)
            return "\(csrf); \(Request.sessionCookie)=\(secret)"
        }
    }
}
