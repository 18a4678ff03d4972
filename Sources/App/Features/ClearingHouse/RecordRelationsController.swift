import Fluent
import Foundation
import TandemCore
import Vapor

/// A record's relations to other records, partnerships and applications, added and taken away from its page by
/// those who may change the record. A refused address comes back on the page, as typed, with why.
struct RecordRelationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let records = routes.grouped("clearing-house", "records", ":id").grouped(RequireMiddleware(.manageOwnAccount))
        records.post("relations", use: add)
        records.post("relations", "remove", use: remove)
    }

    @Sendable func add(req: Request) async throws -> Response {
        let access = try await Self.editable(req)
        let pairs = FormBody.pairs(req)
        let address = String((FormBody.value("address", in: pairs) ?? "").prefix(500))
        let change = RelateClearingRecord(recordID: try access.record.requireID(), change: .add(address: address),
                                          basedOn: Int(FormBody.value("version", in: pairs) ?? "") ?? -1)
        let finder = RecordRelations(req: req)
        switch try await change.run(on: req, visible: finder.visible) {
        case .added, .removed:
            return req.redirect(to: "/clearing-house/records/\(try access.record.requireID())#relations", confirming: "done_record_related")
        case .stale:
            return try await Self.page(req, address: address, error: req.text("record_changed_meanwhile"), status: .conflict)
        case .refused(let refusal):
            return try await Self.page(req, address: address, error: req.text(refusal.rawValue), status: .unprocessableEntity)
        }
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let access = try await Self.editable(req)
        let pairs = FormBody.pairs(req)
        guard let target = FormBody.value("target", in: pairs).flatMap(RecordRelation.Target.init(rawValue:)),
              let key = FormBody.value("key", in: pairs), !key.isEmpty else {
            throw Abort(.badRequest, reason: req.text("relation_unreadable"))
        }
        let change = RelateClearingRecord(recordID: try access.record.requireID(), change: .remove(RecordRelation(target, key: key)),
                                          basedOn: Int(FormBody.value("version", in: pairs) ?? "") ?? -1)
        switch try await change.run(on: req, visible: { _ in true }) {
        case .stale:
            return try await Self.page(req, address: "", error: req.text("record_changed_meanwhile"), status: .conflict)
        default:
            return req.redirect(to: "/clearing-house/records/\(try access.record.requireID())#relations", confirming: "done_record_unrelated")
        }
    }

    /// The record in the address, if this person may change it.
    static func editable(_ req: Request) async throws -> RecordAccess {
        let access = try await RecordAccess.load(req)
        guard access.mayEdit else { throw Abort(.forbidden, reason: req.text(Publication.Refusal.notYours.rawValue)) }
        return access
    }

    /// The record's page as it is now, with what was typed into the relation's field and why it was not added.
    static func page(_ req: Request, address: String, error: String, field: String = "address", status: HTTPStatus) async throws -> Response {
        let access = try await RecordAccess.load(req)
        let page = try await RecordPage.make(req, access: access, errors: [field: error], address: address)
        return try await req.renderPage("clearing-house/record", title: page.heading, page).encodeResponse(status: status, for: req)
    }
}
