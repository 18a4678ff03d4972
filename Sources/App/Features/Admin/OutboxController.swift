import Fluent
import SQLKit
import TandemCore
import Vapor

/// The mail outbox for administrators: what is waiting, what went and how, what failed and why, and a
/// way to try a failed message again once the cause is fixed.
struct OutboxController: RouteCollection {
    struct Row: Encodable, Hashable, Sendable {
        let id: String
        let created: String
        let recipient: String
        let kind: String
        let subject: String
        let status: String
        let attempts: Int
        let detail: String
        let retryable: Bool
    }

    struct OutboxPage: Encodable, Hashable, Sendable {
        let csrf: String
        let transport: String
        let statuses: [SelectOption]
        let count: String
        let rows: [Row]
        let pager: PagerContext?
    }

    struct MessagePage: Encodable {
        let recipient: String
        let subject: String
        let status: String
        let text: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let outbox = routes.grouped(RequireMiddleware(.readAudit)).grouped("admin", "outbox")
        outbox.get(use: index)
        outbox.get(":id", use: message)
        outbox.grouped(RequireMiddleware(.manageUsers)).post(":id", "retry", use: retry)
    }

    @Sendable func index(req: Request) async throws -> View {
        let query = req.pageQuery
        let status = try query.choice("status", OutboxMessageModel.Status.self)
        let asked = try PageRequest(query, defaultLimit: PageRequest.pageLimit)
        // The columns the list shows, one page: never the messages' bodies.
        let sql = req.db as! any SQLDatabase
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            status.map { query.where("status", .equal, SQLBind($0.rawValue)) } ?? query
        }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total").from(OutboxMessageModel.schema))
            .first()?.decode(column: "total", as: Int.self) ?? 0
        let paging = asked.clamped(total: total)
        let messages = try await filtered(sql.select().from(OutboxMessageModel.schema)
            .columns("id", "created_at", "recipient", "kind", "subject", "status", "attempts", "sent_at", "delivered_via", "next_attempt_at", "last_error"))
            .orderBy("created_at", .descending).orderBy("id").offset(paging.offset).limit(paging.limit).all()
        let language = req.language
        let localizer = req.localizer
        let page = OutboxPage(
            csrf: req.csrfToken,
            transport: req.application.mailDelivery.transport.summary,
            statuses: OutboxMessageModel.Status.allCases.map {
                SelectOption(value: $0.rawValue, label: localizer.text("outbox_status_" + $0.rawValue, language), selected: $0 == status)
            },
            count: localizer.text("outbox_count", language, count: total),
            rows: try messages.map { message in
                let status = try message.decode(column: "status", as: String.self)
                let lastError = try message.decode(column: "last_error", as: String?.self)
                let detail: String = switch OutboxMessageModel.Status(rawValue: status) {
                case .sent?: try message.decode(column: "sent_at", as: Date?.self).map { language.formatMoment($0) + " · " }
                    .map { $0 + (try message.decode(column: "delivered_via", as: String?.self) ?? "") } ?? ""
                case .pending?: localizer.text("outbox_next_attempt", language, [
                    "at": language.formatMoment(try message.decode(column: "next_attempt_at", as: Date.self)),
                ]) + (lastError.map { " · " + $0 } ?? "")
                default: lastError ?? ""
                }
                return Row(id: try message.decode(column: "id", as: UUID.self).uuidString,
                           created: (try message.decode(column: "created_at", as: Date?.self)).map(language.formatMoment) ?? "",
                           recipient: try message.decode(column: "recipient", as: String.self),
                           kind: localizer.text("outbox_kind_" + (try message.decode(column: "kind", as: String.self)), language),
                           subject: try message.decode(column: "subject", as: String.self), status: localizer.text("outbox_status_" + status, language),
                           attempts: try message.decode(column: "attempts", as: Int.self), detail: detail,
                           retryable: status != OutboxMessageModel.Status.sent.rawValue)
            },
            pager: Pager.make(req, paging, total: total))
        return try await req.renderListPage("admin/outbox", title: req.text("outbox_title"), page)
    }

    /// A message's text, while it is still held: bodies are cleared once a mail server has taken them.
    @Sendable func message(req: Request) async throws -> View {
        let message = try await target(req)
        let page = MessagePage(recipient: message.recipient, subject: message.subject,
                               status: req.text("outbox_status_" + message.status),
                               text: message.textBody.isEmpty ? nil : message.textBody)
        return try await req.renderPage("admin/outbox-message", title: message.subject, page)
    }

    @Sendable func retry(req: Request) async throws -> Response {
        let message = try await target(req)
        guard message.status != OutboxMessageModel.Status.sent.rawValue else {
            return req.redirect(to: "/admin/outbox", redirectType: .normal)
        }
        try await req.db.writeTransaction { db in
            let before = message.status
            message.status = OutboxMessageModel.Status.pending.rawValue
            message.nextAttemptAt = req.application.clock.now()
            message.attempts = 0
            try await message.save(on: db)
            try await req.audit("retry", entity: "mail", key: message.messageID, before: ["status": before], after: ["status": message.status], on: db)
        }
        return req.redirect(to: "/admin/outbox", redirectType: .normal)
    }

    private func target(_ req: Request) async throws -> OutboxMessageModel {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let message = try await OutboxMessageModel.find(id, on: req.db) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return message
    }
}
