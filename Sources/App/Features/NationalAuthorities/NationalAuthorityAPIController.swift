import Fluent
import TandemCore
import Vapor

/// `/api/v1/states/{iso3}/national-authority`: anyone reads it; a write-scoped token of someone who may
/// edit that state's records replaces it.
struct NationalAuthorityAPIController: RouteCollection {
    struct AuthorityDTO: Content {
        let state: String
        let name: String
        let address: String
        let email: String
        let phone: String
        let website: String
        /// ISO 8601, UTC.
        let updatedAt: String?

        init(_ model: NationalAuthorityModel) {
            state = model.stateISO3
            name = model.name
            address = model.address
            email = model.email
            phone = model.phone
            website = model.website
            updatedAt = model.updatedAt.map { $0.formatted(.iso8601) }
        }
    }

    /// The body of a PUT, read strictly: each field is a string or absent; `null` or a number is refused
    /// rather than taken as empty.
    struct AuthorityInput: Decodable {
        let form: NationalAuthorityController.AuthorityForm

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, address, email, phone, website
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func field(_ key: CodingKeys) throws -> String? {
                container.contains(key) ? try container.decode(String.self, forKey: key) : nil
            }
            form = .init(name: try field(.name), address: try field(.address), email: try field(.email),
                         phone: try field(.phone), website: try field(.website))
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        let path: [PathComponent] = ["api", "v1", "states", ":iso3", "national-authority"]
        routes.get(path, use: show)
        routes.grouped(RequireAPIWriteMiddleware())
            .grouped(RequireMiddleware { req in .editStateRecords(state: (req.parameters.get("iso3") ?? "").uppercased()) })
            .put(path, use: replace)
    }

    /// The details, with their version as the ETag, for a client to send back as `If-Match`.
    @Sendable func show(req: Request) async throws -> Response {
        let state = try Self.state(req)
        guard let authority = try await NationalAuthorityController.authority(state.iso3, on: req.db) else {
            throw APIError.notFound("No National Authority details have been entered for \(state.iso3).")
        }
        return try await Self.tagged(authority, req)
    }

    private static func tagged(_ authority: NationalAuthorityModel, _ req: Request) async throws -> Response {
        let response = try await AuthorityDTO(authority).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .eTag, value: "\"\(authority.version)\"")
        return response
    }

    /// Replaces the details; with `If-Match`, only if nobody changed them since that version (412 otherwise).
    @Sendable func replace(req: Request) async throws -> Response {
        let state = try Self.state(req)
        var form: NationalAuthorityController.AuthorityForm
        do {
            form = try req.content.decode(AuthorityInput.self, as: .json).form
        } catch {
            throw APIError(status: .badRequest, code: "invalid_body",
                           message: "The body must be a JSON object with string fields name, address, email, phone and website.")
        }
        let problems = form.problems
        guard problems.isEmpty else {
            throw APIError(status: .unprocessableEntity, code: "invalid_input", message: "Some fields are not valid; see fields.",
                           fields: problems.mapValues { req.localizer.text($0, .en) })
        }
        form.version = try req.headers.first(name: .ifMatch).flatMap(ApplicationsAPIController.version(ifMatch:)).map(String.init)
        return try await Self.tagged(try await NationalAuthorityController.store(form, for: state, on: req), req)
    }

    private static func state(_ req: Request) throws -> StateParty {
        guard let state = req.states[req.parameters.get("iso3") ?? ""] else {
            throw APIError.notFound("No State Party has the code \(req.parameters.get("iso3") ?? "").")
        }
        return state
    }
}
