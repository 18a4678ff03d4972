import NIOConcurrencyHelpers
import Vapor

/// Runs `MailDelivery` every few seconds while `tandem serve` runs. Every instance runs one; leases keep
/// them from sending the same message twice.
final class MailDeliveryWorker: LifecycleHandler, Sendable {
    private let interval: Duration
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(interval: Duration) {
        self.interval = interval
    }

    func didBootAsync(_ app: Application) async throws {
        let interval = self.interval
        let delivery = app.mailDelivery
        task.withLockedValue {
            $0 = Task { [weak app] in
                while !Task.isCancelled {
                    guard let app else { return }
                    do {
                        try await delivery.deliverDue(on: app.db, clock: { app.clock.now() }, logger: app.logger)
                    } catch {
                        app.logger.error("Mail delivery pass failed: \(String(reflecting: error))")
                    }
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let running = task.withLockedValue { task in defer { task = nil }; return task }
        running?.cancel()
        await running?.value
    }
}

extension Application {
    private struct MailerKey: StorageKey {
        typealias Value = Mailer
    }

    private struct MailDeliveryKey: StorageKey {
        typealias Value = MailDelivery
    }

    var mailer: Mailer {
        get { storage[MailerKey.self]! }
        set { storage[MailerKey.self] = newValue }
    }

    var mailDelivery: MailDelivery {
        get { storage[MailDeliveryKey.self]! }
        set { storage[MailDeliveryKey.self] = newValue }
    }

    /// Whether this process is the server (`tandem serve`), which runs the background jobs; commands and
    /// tests do not.
    var runsBackgroundJobs: Bool {
        let command = environment.arguments.dropFirst().first
        return config.deployment != .test && (command == nil || command == "serve" || command?.hasPrefix("-") == true)
    }

    /// The transport `SMTP_URL` names, or the log when there is none (development only).
    func configureMail(_ config: AppConfig) throws {
        let transport: any MailTransport
        if let endpoint = config.smtp {
            let host = URLComponents(string: config.baseURL)?.host ?? "localhost"
            transport = SMTPClient(endpoint: endpoint, tls: try SMTPClient.tlsContext(caFile: config.smtpCAFile),
                                   group: eventLoopGroup, clientName: host)
        } else {
            transport = LogMailTransport(logger: logger)
        }
        mailer = Mailer(localizer: localizer, from: config.mailFrom)
        var delivery = MailDelivery(transport: transport, from: config.mailFrom)
        delivery.schedule.firstDelay = TimeInterval(config.mailFirstRetrySeconds)
        mailDelivery = delivery
        // Commands such as import-history do not send mail; only the server runs the worker.
        if runsBackgroundJobs { lifecycle.use(MailDeliveryWorker(interval: .seconds(config.mailPollSeconds))) }
    }
}
