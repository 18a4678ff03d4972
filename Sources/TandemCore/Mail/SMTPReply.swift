/// A server's answer to one SMTP command: a three-digit code and one or more lines of text
/// (`250-first`, `250-second`, `250 last`).
public struct SMTPReply: Sendable, Equatable {
    public let code: Int
    public let lines: [String]

    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: try again later. 5xx: this message will never be accepted as it is.
    public var isTransient: Bool { (400..<500).contains(code) }
    public var text: String { "\(code) " + lines.joined(separator: " / ") }

    /// Extensions announced in an EHLO reply, upper-cased keyword first (`STARTTLS`, `AUTH PLAIN LOGIN`).
    public var extensions: [String] { lines.dropFirst().map { $0.uppercased() } }

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }
}

/// Gathers reply lines until the last one of a reply arrives.
public struct SMTPReplyReader: Sendable {
    public struct Malformed: Error, Equatable, CustomStringConvertible {
        public let line: String
        public var description: String { "the mail server sent an unreadable line: \(line.prefix(80))" }
    }

    private var code: Int?
    private var lines: [String] = []

    public init() {}

    /// Takes one line without its CRLF; returns the reply once its last line is in.
    public mutating func read(_ line: String) throws(Malformed) -> SMTPReply? {
        let characters = Array(line)
        guard characters.count >= 3, let number = Int(String(characters[0..<3])), (200...599).contains(number),
              characters.count == 3 || characters[3] == " " || characters[3] == "-" else {
            throw Malformed(line: line)
        }
        if let code, code != number { throw Malformed(line: line) }
        code = number
        lines.append(characters.count > 4 ? String(characters[4...]) : "")
        guard characters.count == 3 || characters[3] == " " else { return nil }
        defer { self = SMTPReplyReader() }
        return SMTPReply(code: number, lines: lines)
    }
}

public enum SMTPData {
    /// The message as DATA sends it: every line starting with a dot gets a second one (RFC 5321 4.5.2),
    /// then the lone dot that ends it.
    public static func payload(_ rendered: String) -> String {
        // "\r\n" is a single Character in Swift, so one dropLast removes the final line break.
        let lines = rendered.hasSuffix("\r\n") ? String(rendered.dropLast()) : rendered
        return lines.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }
            .joined(separator: "\r\n") + "\r\n.\r\n"
    }
}
