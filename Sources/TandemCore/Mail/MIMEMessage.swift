import Foundation

/// Writes a `MailMessage` as RFC 5322 text with MIME parts, lines ending in CRLF, ready for SMTP's DATA.
public enum MIMEMessage {
    public static func render(_ message: MailMessage, boundary: String = "tandem-" + UUID().uuidString) -> String {
        var headers = [
            "From: " + header(message.from),
            "To: " + header(message.to),
            "Subject: " + encodedWord(MailAddress.singleLine(message.subject)),
            "Date: " + rfc5322Date(message.date),
            "Message-ID: " + message.messageID,
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
        ]
        var body: [String]
        if let html = message.html {
            headers.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
            body = ["This is a message in MIME format.", ""]
            for (type, content) in [("text/plain", message.text), ("text/html", html)] {
                body += ["--" + boundary] + part(type: type, content: content) + [""]
            }
            body.append("--" + boundary + "--")
        } else {
            let single = part(type: "text/plain", content: message.text)
            headers += single.prefix(2)
            body = Array(single.dropFirst(3))
        }
        return (headers + [""] + body).joined(separator: "\r\n") + "\r\n"
    }

    private static func part(type: String, content: String) -> [String] {
        ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""] + base64Lines(content)
    }

    /// Base64 keeps every line short and every byte safe, whatever the language of the text.
    private static func base64Lines(_ text: String) -> [String] {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(normalised.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { offset in
            let start = encoded.index(encoded.startIndex, offsetBy: offset)
            return String(encoded[start..<(encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
        }
    }

    static func header(_ address: MailAddress) -> String {
        guard let name = address.name else { return "<\(address.address)>" }
        // A display name with RFC 5322 specials (`:` `@` `,` …) is encoded rather than quoted: simpler, and as valid.
        let plain = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || " -'._".contains($0)) }
        return (plain ? name : encodedWord(name, always: true)) + " <\(address.address)>"
    }

    /// RFC 2047: headers are ASCII, so a subject in French or Spanish travels base64-encoded.
    static func encodedWord(_ text: String, always: Bool = false) -> String {
        let safe = text.allSatisfy { $0.isASCII && $0 != "=" && $0 != "?" && $0 != "\"" }
        guard always || !safe || text.utf8.count > 70 else { return text }
        // Encoded words are at most 75 characters; split on characters so no UTF-8 sequence is cut.
        var words: [String] = []
        var chunk = ""
        for character in text {
            if Data((chunk + String(character)).utf8).base64EncodedString().count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        words.append(chunk)
        return words.map { "=?utf-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
