import Fluent
import Foundation

/// An email waiting to go, or gone. Written in the same transaction as the change that causes it, so a
/// change is never committed without its message; the delivery worker sends it and retries with back-off.
final class OutboxMessageModel: Model, @unchecked Sendable {
    static let schema = "mail_outbox"

    enum Status: String, CaseIterable {
        case pending, sent, failed
    }

    @ID(key: .id) var id: UUID?
    /// What caused it: `invitation`, `password_reset`, …
    @Field(key: "kind") var kind: String
    @Field(key: "recipient") var recipient: String
    @Field(key: "recipient_name") var recipientName: String
    @Field(key: "language") var language: String
    @Field(key: "subject") var subject: String
    /// Cleared once delivered by SMTP: bodies may hold single-use links that nobody should read later.
    @Field(key: "text_body") var textBody: String
    @OptionalField(key: "html_body") var htmlBody: String?
    @Field(key: "message_id") var messageID: String
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    /// Which worker holds the message while it sends, and until when: another instance waits its turn.
    @OptionalField(key: "lease_owner") var leaseOwner: String?
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    @OptionalField(key: "delivered_via") var deliveredVia: String?
    @OptionalField(key: "sent_at") var sentAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $kind, $recipient, $recipientName, $language, $subject, $textBody, $htmlBody, $messageID, $status, $attempts, $nextAttemptAt, $lastError, $leaseOwner, $leaseUntil, $deliveredVia, $sentAt, $createdAt] }

    init() {}

    init(kind: String, recipient: String, recipientName: String, language: String, subject: String,
         textBody: String, htmlBody: String?, messageID: String, now: Date) {
        self.kind = kind
        self.recipient = recipient
        self.recipientName = recipientName
        self.language = language
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.messageID = messageID
        self.status = Status.pending.rawValue
        self.attempts = 0
        self.nextAttemptAt = now
    }
}
