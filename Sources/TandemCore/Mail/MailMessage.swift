import Foundation

/// One email as Tandem sends it: a plain-text part every client can read, and an HTML part for those
/// that prefer it.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var text: String
    public var html: String?
    /// `<...@host>`: lets a recipient's client thread replies and lets us trace a delivery in server logs.
    public var messageID: String
    public var date: Date

    public init(from: MailAddress, to: MailAddress, subject: String, text: String, html: String? = nil,
                messageID: String, date: Date) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
        self.date = date
    }
}

/// An address with an optional display name. Line breaks are removed on the way in so that no value can
/// add a header of its own.
public struct MailAddress: Sendable, Equatable {
    public let address: String
    public let name: String?

    public init(_ address: String, name: String? = nil) {
        self.address = MailAddress.singleLine(address).trimmingCharacters(in: .whitespaces)
        self.name = name.map(MailAddress.singleLine).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether this looks like an address an SMTP server would take: one `@`, no spaces or angle brackets.
    public var isPlausible: Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasSuffix(".")
            && !address.contains(where: { $0.isWhitespace || "<>()[],;:\"\\".contains($0) })
    }

    static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
