import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import TandemCore
import Testing
import Vapor
import VaporTesting
@testable import App

extension AppTests {
    /// The outbox and its worker. Delivery to a real SMTP server (STARTTLS, AUTH, an outage) is exercised
    /// by Tests/mail against aiosmtpd; here, a port where nothing listens stands for a server that is down.
    @Suite struct MailDeliveryTests {
        func queue(_ app: Application, to address: String = "kofi@example.gh") async throws -> OutboxMessageModel {
            try await app.mailer.enqueue(.passwordReset, to: address, name: "Kofi", language: .en,
                                         link: "http://127.0.0.1:8080/account/reset/abc", on: app.db, now: app.clock.now())
        }

        /// An SMTP client pointed at a local port that refuses connections.
        func unreachable(_ app: Application) throws -> SMTPClient {
            let socket = try ServerBootstrap(group: app.eventLoopGroup).bind(host: "127.0.0.1", port: 0).wait()
            let port = socket.localAddress!.port!
            try socket.close().wait()
            return SMTPClient(endpoint: SMTPEndpoint(host: "127.0.0.1", port: port, security: .none), tls: try SMTPClient.tlsContext(caFile: nil),
                              group: app.eventLoopGroup, clientName: "tandem.test")
        }

        @Test func anUnreachableServerMeansTryAgainLaterWithBackOff() async throws {
            try await withTandem { app in
                let message = try await queue(app)
                let now = app.clock.now()
                let down = MailDelivery(transport: try unreachable(app), from: app.config.mailFrom)
                #expect(try await down.deliverDue(on: app.db, clock: { now }, logger: app.logger) == .init(retrying: 1))
                let waiting = try #require(try await OutboxMessageModel.find(message.id, on: app.db))
                #expect(waiting.status == "pending" && waiting.attempts == 1 && waiting.leaseOwner == nil)
                #expect(waiting.lastError?.contains("127.0.0.1") == true)
                #expect(abs(waiting.nextAttemptAt.timeIntervalSince(now) - 60) < 1)

                // Not due yet: nothing is tried.
                #expect(try await down.deliverDue(on: app.db, clock: { now.addingTimeInterval(30) }, logger: app.logger) == .init())
                #expect(try await down.deliverDue(on: app.db, clock: { now.addingTimeInterval(61) }, logger: app.logger) == .init(retrying: 1))
                #expect(try #require(try await OutboxMessageModel.find(message.id, on: app.db)).nextAttemptAt
                        .timeIntervalSince(now.addingTimeInterval(61)) > 119)

                // Once the server answers, the message goes, and its text is kept only where nothing was sent.
                let up = MailDelivery(transport: LogMailTransport(logger: app.logger), from: app.config.mailFrom)
                #expect(try await up.deliverDue(on: app.db, clock: { now.addingTimeInterval(200) }, logger: app.logger) == .init(sent: 1))
                let sent = try #require(try await OutboxMessageModel.find(message.id, on: app.db))
                #expect(sent.status == "sent" && sent.attempts == 3 && sent.lastError == nil && sent.deliveredVia == "log (no SMTP_URL)")
                #expect(try await up.deliverDue(on: app.db, clock: { now.addingTimeInterval(400) }, logger: app.logger) == .init())
            }
        }

        @Test func aMessageIsGivenUpAfterTheLastAttempt() async throws {
            try await withTandem { app in
                let message = try await queue(app)
                var delivery = MailDelivery(transport: try unreachable(app), from: app.config.mailFrom)
                delivery.schedule = DeliverySchedule(firstDelay: 1, longestDelay: 1, maximumAttempts: 2)
                let now = app.clock.now()
                #expect(try await delivery.deliverDue(on: app.db, clock: { now }, logger: app.logger) == .init(retrying: 1))
                #expect(try await delivery.deliverDue(on: app.db, clock: { now.addingTimeInterval(2) }, logger: app.logger) == .init(failed: 1))
                #expect(try #require(try await OutboxMessageModel.find(message.id, on: app.db)).status == "failed")
            }
        }

        @Test func aMessageHeldByAnotherInstanceIsLeftAlone() async throws {
            try await withTandem { app in
                let message = try await queue(app)
                let now = app.clock.now()
                message.leaseOwner = "another instance"
                message.leaseUntil = now.addingTimeInterval(120)
                try await message.save(on: app.db)
                let delivery = MailDelivery(transport: LogMailTransport(logger: app.logger), from: app.config.mailFrom)
                #expect(try await delivery.deliverDue(on: app.db, clock: { now }, logger: app.logger) == .init())
                // A lease that ran out (its holder died mid-send) is taken over.
                #expect(try await delivery.deliverDue(on: app.db, clock: { now.addingTimeInterval(121) }, logger: app.logger) == .init(sent: 1))
            }
        }

        @Test func aChangeThatFailsLeavesNoMessageBehind() async throws {
            try await withTandem { app in
                let committed: Void? = try? await app.db.transaction { db in
                    try await app.mailer.enqueue(.invitation, to: "x@example.org", name: "X", language: .en, link: "l", on: db, now: Date())
                    throw Abort(.conflict)
                }
                #expect(committed == nil)
                let queued = try await OutboxMessageModel.query(on: app.db).count()
                #expect(queued == 0)
            }
        }

        @Test func administratorsSeeTheOutboxAndCanRetryAFailedMessage() async throws {
            try await withTandem { app in
                let tester = try app.testing()
                let message = try await queue(app)
                message.status = "failed"
                message.lastError = "RCPT: 550 no such mailbox"
                try await message.save(on: app.db)
                var admin = CookieJar(header: try await RouteRoleMatrixTests.signIn(.admin, app))
                let page = try await get(tester, "/admin/outbox?status=failed", jar: &admin)
                #expect(page.status == .ok)
                #expect(page.text.contains("kofi@example.gh") && page.text.contains("RCPT: 550 no such mailbox"))
                #expect(page.text.contains("<code>log (no SMTP_URL)</code>"))
                let detail = try await get(tester, "/admin/outbox/\(try message.requireID())", jar: &admin)
                #expect(detail.text.contains("/account/reset/abc"))

                let retry = try await post(tester, "/admin/outbox/\(try message.requireID())/retry", [:], jar: &admin)
                #expect(retry.status == .seeOther)
                let again = try #require(try await OutboxMessageModel.find(message.id, on: app.db))
                #expect(again.status == "pending" && again.attempts == 0)
                #expect(try await AuditEntryModel.query(on: app.db).filter(\.$action == "retry").count() == 1)
            }
        }

        /// A mail server that takes `seconds` (of the test's clock) over each message, well inside the lease as
        /// every SMTP exchange is; while one instance sends its second message, `duringSecond` lets another make a pass.
        final class SlowServer: MailTransport, @unchecked Sendable {
            let clock: TestClock
            let seconds: TimeInterval
            let log: NIOLockedValueBox<[String]>
            var sent = 0
            var duringSecond: (@Sendable () async -> Void)?
            var summary: String { "slow test server" }

            init(clock: TestClock, seconds: TimeInterval, log: NIOLockedValueBox<[String]>) {
                self.clock = clock
                self.seconds = seconds
                self.log = log
            }

            func deliver(_ message: MailMessage) async throws(MailDeliveryError) {
                clock.set(ISO8601DateFormatter().string(from: clock.now.addingTimeInterval(seconds)))
                log.withLockedValue { $0.append(message.to.address) }
                sent += 1
                if sent == 2, let other = duringSecond {
                    duringSecond = nil
                    await other()
                }
            }
        }

        @Test func aSlowServerNeverMakesTwoInstancesSendTheSameMessage() async throws {
            try await withTandem { app in
                let clock = TestClock("2026-01-05T09:00:00Z")
                app.clock = clock.clock
                for person in ["a", "b", "c", "d"] { _ = try await queue(app, to: "\(person)@example.gh") }
                let delivered = NIOLockedValueBox<[String]>([])
                let slow = SlowServer(clock: clock, seconds: 200, log: delivered)
                let first = MailDelivery(transport: slow, from: MailAddress("tandem@example.org"))
                let second = MailDelivery(transport: SlowServer(clock: clock, seconds: 0, log: delivered), from: MailAddress("tandem@example.org"))
                // By the first instance's second message, its pass has run past the five-minute lease of a batch.
                slow.duringSecond = {
                    _ = try? await second.deliverDue(on: app.db, clock: { clock.now }, logger: app.logger)
                }
                try await first.deliverDue(on: app.db, clock: { clock.now }, logger: app.logger)
                #expect(delivered.withLockedValue { $0 }.sorted() == ["a@example.gh", "b@example.gh", "c@example.gh", "d@example.gh"])
                #expect(try await OutboxMessageModel.query(on: app.db).filter(\.$status == "sent").count() == 4)
            }
        }
    }
}
