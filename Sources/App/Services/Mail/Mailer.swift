import Fluent
import Foundation
import TandemCore
import Vapor

/// Composes Tandem's emails in the recipient's language, with a plain-text and an HTML part, and puts
/// them in the outbox. Call it with the transaction of the change that causes the message.
struct Mailer: Sendable {
    enum Kind: Equatable {
        case invitation
        /// Sent instead of an invitation when the address already has an account.
        case alreadyRegistered
        case passwordReset
        /// The Secretariat's decision on an application, to the state's focal points.
        case applicationDecision(ApplicationDecision.Outcome)
        /// A pair the Secretariat approved from a matching run, to the focal points of both states.
        case partnershipProposal
        /// One state declined a proposal, to the other state's focal points and the Secretariat.
        case proposalDeclined
        /// A partnership has begun, to the focal points of both states.
        case partnershipStarted
        /// The Secretariat confirmed a visit, to the focal points of both states.
        case visitConfirmed
        /// A state submitted its application: the acknowledgement to its focal points, the notice to programme officers.
        case applicationReceived, applicationSubmitted
        /// A state withdrew its application, to programme officers.
        case applicationWithdrawn
        /// Partners planned or moved a visit that the Secretariat confirms, to programme officers.
        case visitProposed
        /// A report reached the Secretariat for review, to programme officers.
        case reportSubmitted
        /// The Secretariat scheduled a bilateral meeting, to the focal points of both states.
        case meetingScheduled
        /// A partner proposed a change to the results framework, to programme officers; the decision, to both partners.
        case frameworkProposed, frameworkAccepted, frameworkDeclined
        /// The Secretariat's review of a report, to the focal points of both states.
        case reportReturned, reportAccepted
        /// A partner's report waits for the other's co-signature.
        case reportAwaitingCosignature
        /// The Secretariat asks for updated indicator values after the final report.
        case followUpRequested
        /// Something the partners owe falls due soon, or has passed its day.
        case deadlineReminder, deadlineOverdue
        /// Something overdue, to the Secretariat.
        case deadlineEscalation
        /// The week's list of what needs a person, to those who asked for it.
        case weeklyDigest
        /// A clearing-house record waiting for review lapses in two weeks; it has lapsed back to a draft.
        case recordExpiring, recordExpired
        /// A clearing-house record was sent for review, to programme officers; the review's outcome, to its writer.
        case recordSubmitted, recordReturned, recordPublished
        /// Records newly published that a saved search finds, to its owner.
        case savedSearchAlert
        /// Someone points a need's state or an offer's writer to a match the clearing-house suggests.
        case matchSuggested
        /// A published record is about to read as "not updated since": is it still valid? To its writer.
        case recordConfirm
        /// An expert's entry left the roster four years after its last update, to its writer.
        case recordLapsed

        /// Names the locale keys (`mail_KIND_subject`, `mail_KIND_body`) and the outbox's column.
        var rawValue: String {
            switch self {
            case .invitation: "invitation"
            case .alreadyRegistered: "already_registered"
            case .passwordReset: "password_reset"
            case .applicationDecision(let outcome): "application_" + outcome.rawValue
            case .partnershipProposal: "partnership_proposal"
            case .proposalDeclined: "proposal_declined"
            case .partnershipStarted: "partnership_started"
            case .visitConfirmed: "visit_confirmed"
            case .applicationReceived: "application_received"
            case .applicationSubmitted: "application_submitted"
            case .applicationWithdrawn: "application_withdrawn"
            case .visitProposed: "visit_proposed"
            case .reportSubmitted: "report_submitted"
            case .meetingScheduled: "meeting_scheduled"
            case .frameworkProposed: "framework_proposed"
            case .frameworkAccepted: "framework_accepted"
            case .frameworkDeclined: "framework_declined"
            case .reportReturned: "report_returned"
            case .reportAccepted: "report_accepted"
            case .reportAwaitingCosignature: "report_awaiting_cosignature"
            case .followUpRequested: "follow_up_requested"
            case .deadlineReminder: "deadline_reminder"
            case .deadlineOverdue: "deadline_overdue"
            case .deadlineEscalation: "deadline_escalation"
            case .weeklyDigest: "weekly_digest"
            case .recordExpiring: "record_expiring"
            case .recordExpired: "record_expired"
            case .recordSubmitted: "record_submitted"
            case .recordReturned: "record_returned"
            case .recordPublished: "record_published"
            case .savedSearchAlert: "saved_search_alert"
            case .matchSuggested: "match_suggested"
            case .recordConfirm: "record_confirm"
            case .recordLapsed: "record_lapsed"
            }
        }
    }

    let localizer: Localizer
    /// `MAIL_FROM`.
    let from: MailAddress

    @discardableResult
    func enqueue(_ kind: Kind, to address: String, name: String, language: Language, link: String,
                 values: [String: String] = [:], on db: any Database, now: Date) async throws -> OutboxMessageModel {
        let values = values.merging(["name": name, "link": link]) { _, new in new }
        let subject = localizer.text("mail_\(kind.rawValue)_subject", language, values)
        let paragraphs = [localizer.text("mail_greeting", language, values)]
            + localizer.text("mail_\(kind.rawValue)_body", language, values).components(separatedBy: "\n\n")
            + [localizer.text("mail_signature", language)]
        let message = OutboxMessageModel(
            kind: kind.rawValue, recipient: address, recipientName: name, language: language.rawValue, subject: subject,
            textBody: paragraphs.joined(separator: "\n\n"),
            htmlBody: Self.html(paragraphs, link: link, title: subject, language: language),
            messageID: "<\(UUID().uuidString.lowercased())@\(from.address.split(separator: "@").last ?? "tandem")>",
            now: now)
        try await message.create(on: db)
        return message
    }

    /// Each paragraph escaped, the link made clickable; inline styles only, as mail clients drop style sheets.
    static func html(_ paragraphs: [String], link: String, title: String, language: Language) -> String {
        let escapedLink = escape(link)
        let body = paragraphs.map { paragraph -> String in
            let text = escape(paragraph).replacingOccurrences(of: "\n", with: "<br>")
                .replacingOccurrences(of: escapedLink, with: "<a href=\"\(escapedLink)\">\(escapedLink)</a>")
            return "<p>\(text)</p>"
        }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8"><title>\(escape(title))</title></head>
            <body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; max-width: 40em">
            \(body)
            </body></html>
            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
