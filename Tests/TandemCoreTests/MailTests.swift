import Foundation
import Testing
@testable import TandemCore

@Suite struct MIMEMessageTests {
    let message = MailMessage(
        from: MailAddress("tandem@example.org", name: "Tandem"),
        to: MailAddress("kofi@example.gh", name: "Kofi\r\nBcc: everyone@example.org"),
        subject: "Invitation à Tandem",
        text: "Bonjour Kofi,\n.a line starting with a dot\nÀ bientôt",
        html: "<p>Bonjour Kofi</p>",
        messageID: "<abc@example.org>",
        date: Date(timeIntervalSince1970: 1_795_000_000))

    @Test func writesHeadersASCIIAndBodiesBase64() throws {
        let rendered = MIMEMessage.render(message, boundary: "B")
        let (head, body) = try #require(split(rendered))
        #expect(head.allSatisfy { $0.isASCII })
        #expect(head.contains("Subject: =?utf-8?B?" + Data("Invitation à Tandem".utf8).base64EncodedString() + "?="))
        #expect(head.contains("Content-Type: multipart/alternative;\r\n boundary=\"B\""))
        #expect(body.contains("--B\r\nContent-Type: text/plain; charset=utf-8"))
        #expect(body.contains("--B\r\nContent-Type: text/html; charset=utf-8"))
        #expect(body.hasSuffix("--B--\r\n"))
        let plain = try #require(decodedPart(body, after: "text/plain"))
        #expect(plain == "Bonjour Kofi,\r\n.a line starting with a dot\r\nÀ bientôt")
    }

    @Test func aLineBreakInANameCannotAddAHeader() throws {
        let rendered = MIMEMessage.render(message, boundary: "B")
        let (head, _) = try #require(split(rendered))
        #expect(!head.split(separator: "\r\n").contains { $0.hasPrefix("Bcc:") })
        let encodedName = "=?utf-8?B?" + Data("Kofi Bcc: everyone@example.org".utf8).base64EncodedString() + "?="
        #expect(head.contains("To: \(encodedName) <kofi@example.gh>"))
        #expect(head.contains("From: Tandem <tandem@example.org>"))
    }

    @Test func everyLineFitsSMTPLimits() {
        var long = message
        long.text = String(repeating: "Programme de partenariat ", count: 200)
        long.subject = String(repeating: "Réinitialisation du mot de passe ", count: 4)
        let rendered = MIMEMessage.render(long)
        #expect(rendered.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func aTextOnlyMessageIsASinglePart() throws {
        var plain = message
        plain.html = nil
        let rendered = MIMEMessage.render(plain)
        #expect(!rendered.contains("multipart"))
        #expect(rendered.contains("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"))
    }

    @Test func dataDoublesLeadingDotsAndEndsWithALoneDot() {
        #expect(SMTPData.payload("a\r\n.b\r\n..c\r\n") == "a\r\n..b\r\n...c\r\n.\r\n")
        #expect(SMTPData.payload("x") == "x\r\n.\r\n")
    }

    @Test func dateIsInRFC5322Form() {
        #expect(MIMEMessage.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
    }

    private func split(_ rendered: String) -> (String, String)? {
        guard let range = rendered.range(of: "\r\n\r\n") else { return nil }
        return (String(rendered[..<range.lowerBound]), String(rendered[range.upperBound...]))
    }

    private func decodedPart(_ body: String, after type: String) -> String? {
        guard let start = body.range(of: "Content-Type: \(type)"),
              let blank = body.range(of: "\r\n\r\n", range: start.upperBound..<body.endIndex) else { return nil }
        let rest = body[blank.upperBound...]
        let encoded = rest.prefix { $0 != "-" }.replacingOccurrences(of: "\r\n", with: "")
        return Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) }
    }
}

@Suite struct SMTPReplyTests {
    @Test func readsMultiLineReplies() throws {
        var reader = SMTPReplyReader()
        #expect(try reader.read("250-mail.example.org greets you") == nil)
        #expect(try reader.read("250-STARTTLS") == nil)
        #expect(try reader.read("250-auth plain login") == nil)
        let reply = try #require(try reader.read("250 SMTPUTF8"))
        #expect(reply.code == 250 && reply.isPositive)
        #expect(reply.extensions == ["STARTTLS", "AUTH PLAIN LOGIN", "SMTPUTF8"])
        #expect(try reader.read("354") == SMTPReply(code: 354, lines: [""]))
    }

    @Test func classifiesFailures() throws {
        var reader = SMTPReplyReader()
        let busy = try #require(try reader.read("451 4.3.0 try again later"))
        #expect(busy.isTransient && !busy.isPositive)
        let refused = try #require(try reader.read("550 5.1.1 no such mailbox"))
        #expect(!refused.isTransient && !refused.isPositive)
    }

    @Test func refusesWhatIsNotAReply() {
        var reader = SMTPReplyReader()
        #expect(throws: SMTPReplyReader.Malformed.self) { try reader.read("HTTP/1.1 400 Bad Request") }
        #expect(throws: SMTPReplyReader.Malformed.self) { try reader.read("25") }
        var mixed = SMTPReplyReader()
        _ = try? mixed.read("250-one")
        #expect(throws: SMTPReplyReader.Malformed.self) { try mixed.read("354 two") }
    }
}

@Suite struct SMTPEndpointTests {
    @Test func readsEachScheme() throws {
        #expect(try SMTPEndpoint(url: "smtp://ana:s%40cret@mail.example.org:2587")
                == SMTPEndpoint(host: "mail.example.org", port: 2587, security: .startTLS, username: "ana", password: "s@cret"))
        #expect(try SMTPEndpoint(url: "smtps://mail.example.org").port == 465)
        #expect(try SMTPEndpoint(url: "smtp://mail.example.org").port == 587)
        #expect(try SMTPEndpoint(url: "smtp+insecure://localhost") == SMTPEndpoint(host: "localhost", port: 25, security: .none))
    }

    @Test func refusesWhatItCannotUse() {
        for bad in ["http://mail.example.org", "smtp://", "mail.example.org", "smtp://user@mail.example.org", "smtp://h:70000"] {
            #expect(throws: SMTPEndpoint.Invalid.self, "\(bad)") { try SMTPEndpoint(url: bad) }
        }
    }

    @Test func neverShowsThePassword() throws {
        let endpoint = try SMTPEndpoint(url: "smtp://ana:topsecret@mail.example.org:587")
        #expect(endpoint.redacted == "smtp://ana:***@mail.example.org:587")
    }
}

@Suite struct DeliveryScheduleTests {
    @Test func backsOffExponentiallyToACeilingThenGivesUp() {
        let schedule = DeliverySchedule(firstDelay: 60, longestDelay: 600, maximumAttempts: 6)
        #expect((1...5).map { schedule.delay(afterAttempts: $0) } == [60, 120, 240, 480, 600])
        #expect(schedule.delay(afterAttempts: 6) == nil)
    }

    @Test func theStandardScheduleOutlastsADay() {
        let schedule = DeliverySchedule.standard
        let total = (1..<schedule.maximumAttempts).compactMap { schedule.delay(afterAttempts: $0) }.reduce(0, +)
        #expect(total >= 24 * 3600)
    }
}

@Suite struct MailAddressTests {
    @Test func plausibleAddresses() {
        #expect(MailAddress("focal.point@authority.gov.gh").isPlausible)
        for bad in ["", "no-at-sign", "two@@example.org", "a@b", "a b@example.org", "<a@example.org>", "a@example."] {
            #expect(!MailAddress(bad).isPlausible, "\(bad)")
        }
    }
}
