import Fluent
import Foundation
import Logging
import TandemCore

/// One pass over the outbox: take the messages that are due, hand each to the transport, and record
/// the outcome: sent, tried again later with back-off, or failed for good.
struct MailDelivery: Sendable {
    let transport: any MailTransport
    let from: MailAddress
    var schedule = DeliverySchedule.standard
    /// Longer than any one SMTP exchange may last, so a message is never sent twice by two instances at once.
    var lease: TimeInterval = 300

    struct Outcome: Equatable {
        var sent = 0
        var retrying = 0
        var failed = 0
    }

    @discardableResult
    func deliverDue(on db: any Database, now: Date, logger: Logger) async throws -> Outcome {
        let owner = UUID().uuidString
        // One UPDATE claims the due messages atomically, whichever instance runs it first.
        try await OutboxMessageModel.query(on: db)
            .filter(\.$status == OutboxMessageModel.Status.pending.rawValue)
            .filter(\.$nextAttemptAt <= now)
            .group(.or) { $0.filter(\.$leaseUntil == nil).filter(\.$leaseUntil < now) }
            .set(\.$leaseOwner, to: owner)
            .set(\.$leaseUntil, to: now.addingTimeInterval(lease))
            .update()
        let claimed = try await OutboxMessageModel.query(on: db).filter(\.$leaseOwner == owner)
            .filter(\.$status == OutboxMessageModel.Status.pending.rawValue).sort(\.$createdAt).all()
        var outcome = Outcome()
        for message in claimed {
            message.attempts += 1
            message.leaseOwner = nil
            message.leaseUntil = nil
            do {
                try await transport.deliver(mail(message, date: now))
                message.status = OutboxMessageModel.Status.sent.rawValue
                message.sentAt = now
                message.lastError = nil
                message.deliveredVia = transport.summary
                if transport is SMTPClient {
                    message.textBody = ""
                    message.htmlBody = nil
                }
                outcome.sent += 1
            } catch {
                message.lastError = error.description
                if !error.isPermanent, let delay = schedule.delay(afterAttempts: message.attempts) {
                    message.nextAttemptAt = now.addingTimeInterval(delay)
                    outcome.retrying += 1
                } else {
                    message.status = OutboxMessageModel.Status.failed.rawValue
                    outcome.failed += 1
                }
                logger.warning("Mail to \(message.recipient) not delivered (attempt \(message.attempts)): \(error.description)")
            }
            try await message.save(on: db)
        }
        return outcome
    }

    private func mail(_ message: OutboxMessageModel, date: Date) -> MailMessage {
        MailMessage(from: from, to: MailAddress(message.recipient, name: message.recipientName), subject: message.subject,
                    text: message.textBody, html: message.htmlBody, messageID: message.messageID, date: date)
    }
}
