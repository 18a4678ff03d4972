import Fluent
import Foundation
import TandemCore
import Vapor

/// `/api/v1/partnerships/{code}/…`: a partnership's visits, reports and indicators for its partners and the
/// Secretariat (with a token), its delegations for the Secretariat only, and its results as IATI XML.
struct WorkspaceAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let partnership = routes.grouped("api", "v1", "partnerships", ":code").grouped(RequireMiddleware(.manageOwnAccount))
        partnership.get("visits", use: visits)
        partnership.get("visits", ":number", "delegates", use: delegates)
        partnership.get("reports", use: reports)
        partnership.get("indicators", use: indicators)
        partnership.get("iati", use: iati)
    }

    @Sendable func visits(req: Request) async throws -> [WorkspaceDTO.VisitDTO] {
        try WorkspaceDTO.visits(try await PartnershipRecord.load(req))
    }

    @Sendable func delegates(req: Request) async throws -> [WorkspaceDTO.DelegateDTO] {
        let record = try await PartnershipRecord.load(req)
        guard record.canManage(req) else {
            throw APIError(status: .forbidden, code: "forbidden", message: "The names in a delegation are for the Secretariat only.")
        }
        guard let number = req.parameters.get("number", as: Int.self), number >= 1, number <= record.visits.count else {
            throw APIError(status: .notFound, code: "not_found", message: "This partnership has no visit with that number.")
        }
        return WorkspaceDTO.delegates(record.visits[number - 1])
    }

    @Sendable func reports(req: Request) async throws -> [WorkspaceDTO.ReportDTO] {
        try WorkspaceDTO.reports(try await PartnershipRecord.load(req))
    }

    @Sendable func indicators(req: Request) async throws -> [WorkspaceDTO.IndicatorDTO] {
        try WorkspaceDTO.indicators(try await PartnershipRecord.load(req))
    }

    @Sendable func iati(req: Request) async throws -> Response {
        try await WorkspaceController.iatiResponse(req, try await PartnershipRecord.load(req))
    }
}
