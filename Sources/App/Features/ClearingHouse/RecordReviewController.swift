import Fluent
import Foundation
import TandemCore
import Vapor

/// The Secretariat's queue of records waiting for review, oldest first, with several published at once; and each
/// writer's own records wherever they stand.
struct RecordReviewController: RouteCollection {
    struct Row: Encodable {
        let id: String
        let title: String
        let href: String
        let kind: String
        let by: String
        let status: String
        let note: String?
    }

    struct QueuePage: Encodable {
        let csrf: String
        let rows: [Row]
        let summary: String
    }

    struct MinePage: Encodable {
        struct Group: Encodable {
            let heading: String
            let rows: [Row]
        }
        let groups: [Group]
        let add: [Link]
    }

    func boot(routes: any RoutesBuilder) throws {
        let house = routes.grouped("clearing-house")
        house.grouped(RequireMiddleware(.manageOwnAccount)).get("mine", use: mine)
        let review = house.grouped("review").grouped(RequireMiddleware(.manageProgramme))
        review.get(use: queue)
        review.post(use: publishChosen)
    }

    @Sendable func queue(req: Request) async throws -> View {
        let waiting = try await ClearingRecordModel.query(on: req.db).filter(\.$status == Publication.Status.submitted.rawValue)
            .sort(\.$submittedOn).sort(\.$id).all()
        let rows = try waiting.map { try row(req, $0) }
        let page = QueuePage(csrf: req.csrfToken, rows: rows, summary: req.localizer.text("clearing_waiting_count", req.language, count: rows.count))
        return try await req.renderPage("clearing-house/review", title: req.text("record_review_title"), page)
    }

    /// Publishes each record ticked, each as its own guarded write: one another officer acted on meanwhile is left
    /// as they left it, and the page says how many were published and how many had moved.
    @Sendable func publishChosen(req: Request) async throws -> Response {
        let ids = FormBody.pairs(req).filter { $0.name == "record" }.compactMap { UUID(uuidString: $0.value) }
        guard !ids.isEmpty else { return req.redirect(to: "/clearing-house/review", confirming: "done_record_none_chosen") }
        var published = 0
        for id in Set(ids).prefix(200) {
            do {
                if case .moved = try await MoveClearingRecord(recordID: id, step: .publish).run(on: req) { published += 1 }
            } catch is ChangeConflict {
                continue
            } catch let abort as Abort where abort.status == .notFound {
                continue
            }
        }
        return req.redirect(to: "/clearing-house/review", confirming: published == Set(ids).count ? "done_records_published" : "done_records_published_some")
    }

    @Sendable func mine(req: Request) async throws -> View {
        guard let user = req.currentUser else { throw Abort(.unauthorized) }
        let actor = req.actor
        let records = try await ClearingRecordModel.changeable(by: user.email, organisation: user.$organisation.id, actor: actor, on: req.db)
            .sort(\.$updatedAt, .descending).limit(500).all()
        var groups: [MinePage.Group] = []
        for status in [Publication.Status.returned, .draft, .submitted, .published, .withdrawn] {
            let rows = try records.filter { $0.status == status.rawValue }.map { try row(req, $0) }
            if !rows.isEmpty { groups.append(.init(heading: req.text("record_status_" + status.rawValue), rows: rows)) }
        }
        let labels = RecordLabels(req)
        let page = MinePage(groups: groups, add: RecordKind.allCases.filter { RecordEditingController.mayStart($0, req) }.map {
            Link(text: labels.kind($0), href: "/clearing-house/\($0.slug)/new")
        })
        return try await req.renderPage("clearing-house/mine", title: req.text("record_mine_title"), page)
    }

    private func row(_ req: Request, _ record: ClearingRecordModel) throws -> Row {
        let kind = try record.recordKind
        let document = try record.recordDocument()
        let title = try record.title(in: req.language, document: document)
        let id = try record.requireID().uuidString
        let publication = try record.publication()
        var note: String?
        if publication.status == .submitted, let day = publication.submittedOn {
            note = req.localizer.text("record_submitted_on", req.language, ["day": req.language.format(day)])
        } else if publication.status == .returned, let reason = publication.returnReason {
            note = req.localizer.text("record_returned_because", req.language, ["reason": reason])
        }
        return Row(id: id, title: title.text.isEmpty ? req.text("record_untitled") : title.text, href: "/clearing-house/records/" + id,
                   kind: RecordLabels(req).kind(kind), by: record.stateISO3.map { req.application.statesDirectory.name($0, in: req.language) } ?? record.ownerEmail,
                   status: req.text("record_status_" + publication.status.rawValue), note: note)
    }
}
