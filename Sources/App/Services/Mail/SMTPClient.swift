import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import TandemCore

/// A small SMTP client (RFC 5321) on SwiftNIO: EHLO, STARTTLS or implicit TLS, AUTH PLAIN or LOGIN,
/// then one message per connection. Mail volumes here are small, so a connection per message keeps it simple.
struct SMTPClient: MailTransport {
    let endpoint: SMTPEndpoint
    let tls: NIOSSLContext
    let group: any EventLoopGroup
    /// The name this client gives in EHLO: the host of `TANDEM_BASE_URL`.
    let clientName: String
    /// The longest a whole exchange may take before the connection is dropped and the attempt counts as failed.
    var timeout: TimeAmount = .seconds(60)

    var summary: String { endpoint.redacted }

    /// Trusts the system's certificate authorities, or only the PEM file in `SMTP_CA_FILE` when given.
    static func tlsContext(caFile: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile { configuration.trustRoots = .file(caFile) }
        return try NIOSSLContext(configuration: configuration)
    }

    func deliver(_ message: MailMessage) async throws(MailDeliveryError) {
        do {
            try await exchange(message)
        } catch let error as MailDeliveryError {
            throw error
        } catch {
            throw .transient("\(endpoint.host):\(endpoint.port): \(error)")
        }
    }

    private func exchange(_ message: MailMessage) async throws {
        let secureFromStart = endpoint.security == .tls
        let tls = self.tls
        let serverName = Self.serverName(endpoint.host)
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(.seconds(15))
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if secureFromStart {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        // A server that stops answering must not hold a delivery forever.
        let deadline = channel.channel.eventLoop.scheduleTask(in: timeout) { channel.channel.close(promise: nil) }
        defer { deadline.cancel() }
        try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            try await session.expect(nil, 220)
            var features = try await session.expect("EHLO \(clientName)", 250).extensions
            if endpoint.security == .startTLS {
                guard features.contains("STARTTLS") else {
                    throw MailDeliveryError.transient("\(endpoint.host) does not offer STARTTLS; use smtp+insecure:// only for a trusted relay")
                }
                try await session.expect("STARTTLS", 220)
                try await channel.channel.pipeline.addHandler(
                    try NIOSSLClientHandler(context: tls, serverHostname: serverName), position: .first)
                features = try await session.expect("EHLO \(clientName)", 250).extensions
            }
            if let username = endpoint.username, let password = endpoint.password {
                try await session.authenticate(username: username, password: password, features: features)
            }
            try await session.expect("MAIL FROM:<\(message.from.address)>", 250, permanentOn5xx: true)
            try await session.expect("RCPT TO:<\(message.to.address)>", 250, 251, permanentOn5xx: true)
            try await session.expect("DATA", 354, permanentOn5xx: true)
            try await session.expect(raw: SMTPData.payload(MIMEMessage.render(message)), 250, permanentOn5xx: true)
            try? await session.send("QUIT")
        }
    }

    /// SNI and certificate checks use the host name; an IP address is checked against the certificate only.
    private static func serverName(_ host: String) -> String? {
        host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : host
    }
}

/// One conversation with the server: send a command, read its reply, check the code.
private struct SMTPSession {
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    var reader = SMTPReplyReader()

    mutating func send(_ command: String) async throws {
        try await outbound.write(ByteBuffer(string: command + "\r\n"))
    }

    @discardableResult
    mutating func expect(_ command: String?, _ codes: Int..., permanentOn5xx: Bool = false) async throws -> SMTPReply {
        if let command { try await send(command) }
        return try await check(command.map { String($0.prefix(4)) } ?? "greeting", codes, permanentOn5xx)
    }

    @discardableResult
    mutating func expect(raw data: String, _ codes: Int..., permanentOn5xx: Bool) async throws -> SMTPReply {
        try await outbound.write(ByteBuffer(string: data))
        return try await check("message", codes, permanentOn5xx)
    }

    mutating func authenticate(username: String, password: String, features: [String]) async throws {
        let mechanisms = features.first { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }?
            .dropFirst(5).split(separator: " ").map(String.init) ?? []
        if mechanisms.contains("PLAIN") {
            let credentials = Data(("\0" + username + "\0" + password).utf8).base64EncodedString()
            try await expect("AUTH PLAIN " + credentials, 235)
        } else if mechanisms.contains("LOGIN") {
            try await expect("AUTH LOGIN", 334)
            try await expect(Data(username.utf8).base64EncodedString(), 334)
            try await expect(Data(password.utf8).base64EncodedString(), 235)
        } else {
            throw MailDeliveryError.transient("the mail server offers no sign-in method Tandem knows (PLAIN or LOGIN)")
        }
    }

    private mutating func check(_ step: String, _ codes: [Int], _ permanentOn5xx: Bool) async throws -> SMTPReply {
        while let line = try await inbound.next() {
            let text = String(buffer: line).trimmingCharacters(in: CharacterSet(charactersIn: "\r\n"))
            guard let reply = try reader.read(text) else { continue }
            guard codes.contains(reply.code) else {
                let description = "\(step): \(reply.text)"
                throw permanentOn5xx && !reply.isTransient ? MailDeliveryError.permanent(description) : .transient(description)
            }
            return reply
        }
        throw MailDeliveryError.transient("\(step): the mail server closed the connection")
    }
}

/// Splits what the server sends into lines; a line longer than any SMTP reply may be ends the exchange.
private struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    struct LineTooLong: Error, CustomStringConvertible {
        var description: String { "the mail server sent a line longer than 4096 bytes" }
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 { throw LineTooLong() }
            return .needMoreData
        }
        let line = buffer.readSlice(length: end - buffer.readerIndex + 1)!
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}
