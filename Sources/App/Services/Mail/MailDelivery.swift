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

    /// Sends what is due, one message at a time: each is claimed by a guarded write (still pending, its lease
    /// free) just before it is sent, under a lease that outlives the SMTP exchange, so two instances never send
    /// the same message and a slow message holds up only itself. `clock` is read afresh for every claim.
    @discardableResult
    func deliverDue(on db: any Database, clock: () -> Date, logger: Logger, limit: Int = 200) async throws -> Outcome {
        let owner = UUID().uuidString
        var outcome = Outcome()
        var handled = Set<UUID>()
        while handled.count < limit, let message = try await claimNext(on: db, owner: owner, now: clock(), skipping: handled) {
            handled.insert(try message.requireID())
            let now = clock()
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

    /// The oldest due message no other instance holds, now held by `owner`; nil when none is left.
    private func claimNext(on db: any Database, owner: String, now: Date, skipping handled: Set<UUID>) async throws -> OutboxMessageModel? {
        let candidates = try await due(OutboxMessageModel.query(on: db), now: now).sort(\.$createdAt).limit(handled.count + 10).all()
        for candidate in candidates {
            let id = try candidate.requireID()
            guard !handled.contains(id) else { continue }
            // The guarded write: it takes the message only if it is still due and free when the database runs it.
            try await due(OutboxMessageModel.query(on: db).filter(\.$id == id), now: now)
                .set(\.$leaseOwner, to: owner).set(\.$leaseUntil, to: now.addingTimeInterval(lease)).update()
            if let claimed = try await OutboxMessageModel.query(on: db).filter(\.$id == id).filter(\.$leaseOwner == owner).first() {
                return claimed
            }
        }
        return nil
    }

    private func due(_ query: QueryBuilder<OutboxMessageModel>, now: Date) -> QueryBuilder<OutboxMessageModel> {
        query.filter(\.$status == OutboxMessageModel.Status.pending.rawValue).filter(\.$nextAttemptAt <= now)
            .group(.or) { $0.filter(\.$leaseUntil == nil).filter(\.$leaseUntil < now) }
    }

    private func mail(_ message: OutboxMessageModel, date: Date) -> MailMessage {
        MailMessage(from: from, to: MailAddress(message.recipient, name: message.recipientName), subject: message.subject,
                    text: message.textBody, html: message.htmlBody, messageID: message.messageID, date: date)
    }
}
