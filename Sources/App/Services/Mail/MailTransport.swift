import Logging
import TandemCore

/// Hands a message over for delivery. `SMTPClient` talks to a mail server; `LogMailTransport` is what a
/// development machine without one uses.
protocol MailTransport: Sendable {
    /// A short description for logs and the outbox page, never with a password in it.
    var summary: String { get }
    func deliver(_ message: MailMessage) async throws(MailDeliveryError)
}

/// Why an attempt failed, and whether trying again later can help.
struct MailDeliveryError: Error, CustomStringConvertible {
    /// 5xx to the sender or a recipient: this message will never be accepted as it is.
    let isPermanent: Bool
    let description: String

    static func transient(_ description: String) -> Self { Self(isPermanent: false, description: description) }
    static func permanent(_ description: String) -> Self { Self(isPermanent: true, description: description) }
}

/// Writes each message to the log instead of sending it, so a newcomer can follow an invitation link
/// without a mail server. Production refuses to start without `SMTP_URL`.
struct LogMailTransport: MailTransport {
    let logger: Logger
    var summary: String { "log (no SMTP_URL)" }

    func deliver(_ message: MailMessage) async throws(MailDeliveryError) {
        logger.info("Mail to \(message.to.address): \(message.subject)\n\(message.text)")
    }
}
