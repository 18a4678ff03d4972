import Fluent
import Foundation
import TandemCore
import Vapor

/// The link in the yearly email that asks a writer whether their published record is still valid: it opens a page
/// with one button, which confirms the record without signing in. The link is signed for the record and for the
/// confirmation it renews, so it works once and only for that record.
struct StillValidController: RouteCollection {
    struct Page: Encodable {
        let title: String
        let recordHref: String
        let editHref: String
        let action: String?
        let csrf: String
        let message: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let link = routes.grouped("clearing-house", "records", ":id", "still-valid", ":signature")
        link.get(use: show)
        link.post(use: confirm)
    }

    /// The record and its writer, when the link is one Tandem made; nil when it renewed a confirmation since made.
    private func read(_ req: Request) async throws -> (record: ClearingRecordModel, current: Bool) {
        guard let id = req.parameters.get("id", as: UUID.self), let signature = req.parameters.get("signature"),
              let record = try await ClearingRecordModel.find(id, on: req.db) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let publication = try record.publication()
        if let confirmed = publication.confirmedOn, publication.status == .published,
           req.application.secretBox.verify(ClearingHouseReminders.stillValid(id, confirmed), signature: signature) {
            return (record, true)
        }
        // A link for an earlier confirmation: it has done its work (or the record was confirmed on its page).
        if let published = publication.publishedOn, publication.status == .published,
           (0...3).contains(where: { years in
               req.application.secretBox.verify(ClearingHouseReminders.stillValid(id, published.adding(years: years)), signature: signature)
           }) {
            return (record, false)
        }
        throw Abort(.notFound, reason: req.text("error_404_message"))
    }

    @Sendable func show(req: Request) async throws -> View {
        let (record, current) = try await read(req)
        let id = try record.requireID().uuidString
        let title = try record.title(in: req.language, document: try record.recordDocument())
        let page = Page(title: title.text, recordHref: "/clearing-house/records/" + id, editHref: "/clearing-house/records/\(id)/edit",
                        action: current ? req.url.path : nil, csrf: req.csrfToken,
                        message: current ? nil : req.localizer.text("still_valid_done_already", req.language,
                                                                     ["day": (try record.publication().confirmedOn).map(req.language.format) ?? ""]))
        return try await req.renderPage("clearing-house/still-valid", title: req.text("still_valid_title"), page)
    }

    @Sendable func confirm(req: Request) async throws -> Response {
        let (record, current) = try await read(req)
        let id = try record.requireID()
        guard current else { return req.redirect(to: "/clearing-house/records/" + id.uuidString, confirming: "done_record_confirm") }
        // The link stands for the writer it was sent to.
        guard let writer = try await UserModel.query(on: req.db).filter(\.$email == record.ownerEmail).filter(\.$isActive == true).first() else {
            throw Abort(.forbidden, reason: req.text("error_403_message"))
        }
        switch try await MoveClearingRecord(recordID: id, step: .confirm, basedOn: record.version)
            .run(by: writer, from: req.remoteAddress?.ipAddress ?? "", app: req.application, on: req.db) {
        case .moved:
            return req.redirect(to: "/clearing-house/records/" + id.uuidString, confirming: "done_record_confirm")
        case .refused(let refusal):
            throw Abort(.conflict, reason: req.text(refusal.rawValue))
        }
    }
}
