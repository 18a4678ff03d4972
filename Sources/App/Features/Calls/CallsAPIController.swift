import Fluent
import TandemCore
import Vapor

/// `/api/v1/calls`: the public calls for anyone; drafts too, and creating calls, for a write-scoped token of
/// the Secretariat.
struct CallsAPIController: RouteCollection {
    struct AreaDTO: Content {
        let key: String
        let name: String
        let mandatoryForMentees: Bool
    }

    struct CallDTO: Content {
        let slug: String
        let title: String
        let reference: String
        let opens: String
        let closes: String
        let status: String
        let rules: ProgrammeRules
        let reviewDates: [String]
        let thematicAreas: [AreaDTO]

        init(_ call: Call, localizer: Localizer) {
            slug = call.slug
            title = call.title
            reference = call.reference
            opens = call.opens.description
            closes = call.closes.description
            status = call.status.rawValue
            rules = call.rules
            reviewDates = call.reviewDates.map(\.description)
            thematicAreas = call.thematicAreas.map {
                AreaDTO(key: $0.key, name: localizer.text("thematic_area_" + $0.key, .en), mandatoryForMentees: $0.mandatoryForMentees)
            }
        }
    }

    /// A new call as a program sends it; review dates and thematic areas may be left out.
    struct CallInput: Decodable {
        let slug: String
        let title: String
        let reference: String?
        let opens: CivilDate
        let closes: CivilDate
        let status: Call.Status
        let rules: ProgrammeRules
        let reviewDates: [CivilDate]?
        let thematicAreas: [ThematicArea]?
    }

    func boot(routes: any RoutesBuilder) throws {
        let calls = routes.grouped("api", "v1", "calls")
        calls.get(use: index)
        calls.get(":slug", use: show)
        calls.grouped(RequireAPIWriteMiddleware()).grouped(RequireMiddleware(.manageCalls)).post(use: create)
    }

    @Sendable func index(req: Request) async throws -> [CallDTO] {
        let drafts = AccessPolicy.decide(req.actor, .manageCalls).isAllowed
        return try await CallModel.query(on: req.db).sort(\.$opensOn, .descending).all().map { try $0.value() }
            .filter { drafts || $0.isPublic }.map { CallDTO($0, localizer: req.localizer) }
    }

    @Sendable func show(req: Request) async throws -> CallDTO {
        do {
            return CallDTO(try await CallsController.call(req), localizer: req.localizer)
        } catch let error as AbortError where error.status == .notFound {
            throw APIError.notFound("No call has the address \(req.parameters.get("slug") ?? "").")
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        let input: CallInput
        do {
            input = try req.content.decode(CallInput.self, as: .json)
        } catch {
            throw APIError(status: .badRequest, code: "invalid_body",
                           message: "The body must be a call: slug, title, opens, closes (YYYY-MM-DD), status and rules, as the OpenAPI document shows.")
        }
        let call = Call(slug: input.slug, title: input.title, reference: input.reference ?? "", opens: input.opens, closes: input.closes,
                        status: input.status, rules: input.rules,
                        reviewDates: input.reviewDates?.sorted() ?? ReviewSchedule.quarterEnds(from: input.opens, to: input.closes),
                        thematicAreas: input.thematicAreas ?? ThematicArea.annex2)
        let problems = call.problems
        guard problems.isEmpty else {
            throw APIError(status: .unprocessableEntity, code: "invalid_input", message: "Some fields are not valid; see fields.",
                           fields: problems.mapValues { req.localizer.text($0, .en) })
        }
        guard try await CallModel.query(on: req.db).filter(\.$slug == call.slug).first() == nil else {
            throw APIError(status: .conflict, code: "conflict", message: "Another call already has the address \(call.slug).")
        }
        try await req.db.writeTransaction { db in
            try await CallModel(call).create(on: db)
            try await req.audit("create", entity: "call", key: call.slug, after: call, on: db)
        }
        return try await CallDTO(call, localizer: req.localizer).encodeResponse(status: .created, for: req)
    }
}
