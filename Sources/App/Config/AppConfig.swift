import Foundation
import Logging
import TandemCore

/// Everything Tandem reads from its environment, read once at start.
/// A missing or malformed value stops start-up with a message naming the variable.
struct AppConfig: Sendable, Equatable {
    enum Database: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String)
    }

    struct Invalid: Error, CustomStringConvertible, Equatable {
        let variable: String
        let problem: String
        var description: String { "\(variable): \(problem)" }
    }

    /// `TANDEM_ENV`: development (the default) adds demo accounts; production refuses an unsafe set-up.
    enum Deployment: String, Sendable, Equatable {
        case development, production, test
    }

    var database: Database
    var deployment: Deployment = .development
    var hostname: String
    var port: Int
    var baseURL: String
    var logLevel: Logger.Level
    /// How long a session may stay unused before it ends (`TANDEM_SESSION_IDLE_MINUTES`, default 8 hours).
    var sessionIdleTimeout: TimeInterval = 8 * 3600
    /// bcrypt's work factor; tests lower it, production keeps Vapor's default.
    var bcryptCost = 12
    /// `SMTP_URL`; without it, development writes mail to the log and production refuses to start.
    var smtp: SMTPEndpoint?
    /// `SMTP_CA_FILE`: a PEM file of the authorities to trust for the mail server, instead of the system's.
    var smtpCAFile: String?
    /// `MAIL_FROM`: `Name <address>` or a bare address.
    var mailFrom = MailAddress("tandem@localhost", name: "Tandem")
    /// `CONTACT_EMAIL`: where the help page sends questions; the sender's address when not set.
    var contactEmail: String?
    /// `TANDEM_MAIL_POLL_SECONDS`: how often the outbox is checked for mail that is due.
    var mailPollSeconds = 5
    /// `UPLOADS_PATH`: where uploaded files (signed application forms) are kept.
    var uploadsPath = "uploads"
    /// `TANDEM_MAIL_RETRY_SECONDS`: the wait after a first failed delivery; it doubles after each failure up to an hour.
    var mailFirstRetrySeconds = 60
    /// `TANDEM_DEADLINES_POLL_SECONDS`: how often the deadlines job looks for reminders to send.
    var deadlinesPollSeconds = 300
    /// `TANDEM_IATI_ORGANISATION`: the Secretariat's IATI organisation identifier, which prefixes every
    /// exported activity's identifier.
    var iatiOrganisation = "XI-IATI-TANDEM"
    /// `TANDEM_CLOCK_FILE`: a file holding the moment Tandem takes for now (ISO 8601), for tests that move
    /// time in a running server. Refused in production.
    var clockFile: String?
    /// `TANDEM_SECRETS_KEY`: 32 random bytes in base64 that seal two-factor secrets in the database. Required in
    /// production; development keeps one in `tandem-secrets.key`, an in-memory database a fresh one each start.
    var secretsKey: Data?

    static let defaultDatabase = "sqlite:tandem.sqlite"
    /// Where development keeps its secrets key when `TANDEM_SECRETS_KEY` is not given.
    static let developmentSecretsKeyFile = "tandem-secrets.key"

    init(database: Database, hostname: String = "127.0.0.1", port: Int = 8080,
         baseURL: String = "http://127.0.0.1:8080", logLevel: Logger.Level = .info) {
        self.database = database
        self.hostname = hostname
        self.port = port
        self.baseURL = baseURL
        self.logLevel = logLevel
    }

    /// Reads `DATABASE_URL`, `HOSTNAME`, `PORT`, `TANDEM_BASE_URL` and `LOG_LEVEL`.
    init(environment: [String: String]) throws(Invalid) {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        let database = try Self.database(from: value("DATABASE_URL") ?? Self.defaultDatabase)
        let hostname = value("HOSTNAME") ?? "127.0.0.1"
        var port = 8080
        if let text = value("PORT") {
            guard let number = Int(text), (1...65535).contains(number) else {
                throw Invalid(variable: "PORT", problem: "must be a port number from 1 to 65535, not \"\(text)\"")
            }
            port = number
        }
        let baseURL = value("TANDEM_BASE_URL") ?? "http://\(hostname):\(port)"
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://"), baseURL.count > "https://".count else {
            throw Invalid(variable: "TANDEM_BASE_URL", problem: "must be an http:// or https:// address, not \"\(baseURL)\"")
        }
        var logLevel = Logger.Level.info
        if let text = value("LOG_LEVEL") {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                let levels = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                throw Invalid(variable: "LOG_LEVEL", problem: "must be one of \(levels), not \"\(text)\"")
            }
            logLevel = level
        }
        self.init(database: database, hostname: hostname, port: port,
                  baseURL: baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL, logLevel: logLevel)
        if let text = value("TANDEM_ENV") {
            guard let deployment = Deployment(rawValue: text.lowercased()), deployment != .test else {
                throw Invalid(variable: "TANDEM_ENV", problem: "must be development or production, not \"\(text)\"")
            }
            self.deployment = deployment
        }
        if deployment == .production {
            guard value("TANDEM_BASE_URL") != nil else {
                throw Invalid(variable: "TANDEM_BASE_URL", problem: "production needs the public https:// address")
            }
            guard isSecure || value("TANDEM_ALLOW_HTTP") == "1" else {
                throw Invalid(variable: "TANDEM_BASE_URL",
                              problem: "production serves over https; set TANDEM_ALLOW_HTTP=1 only behind a proxy that adds TLS")
            }
        }
        if let text = value("TANDEM_SESSION_IDLE_MINUTES") {
            guard let minutes = Int(text), (5...10_080).contains(minutes) else {
                throw Invalid(variable: "TANDEM_SESSION_IDLE_MINUTES", problem: "must be a number of minutes from 5 to 10080, not \"\(text)\"")
            }
            sessionIdleTimeout = TimeInterval(minutes * 60)
        }
        try readMail(value)
        if let text = value("TANDEM_DEADLINES_POLL_SECONDS") {
            guard let seconds = Int(text), (1...86_400).contains(seconds) else {
                throw Invalid(variable: "TANDEM_DEADLINES_POLL_SECONDS", problem: "must be a number of seconds from 1 to 86400, not \"\(text)\"")
            }
            deadlinesPollSeconds = seconds
        }
        if let text = value("TANDEM_IATI_ORGANISATION") {
            guard text.count <= 100, !text.contains(where: { $0.isWhitespace }) else {
                throw Invalid(variable: "TANDEM_IATI_ORGANISATION", problem: "must be an IATI organisation identifier such as XM-DAC-41301, not \"\(text)\"")
            }
            iatiOrganisation = text
        }
        if let path = value("TANDEM_CLOCK_FILE") {
            guard deployment != .production else {
                throw Invalid(variable: "TANDEM_CLOCK_FILE", problem: "moves time for tests only; production keeps the system's clock")
            }
            clockFile = path
        }
        if let text = value("TANDEM_SECRETS_KEY") {
            guard let key = Data(base64Encoded: text), key.count == 32 else {
                throw Invalid(variable: "TANDEM_SECRETS_KEY", problem: "must be 32 random bytes in base64, as `openssl rand -base64 32` prints")
            }
            secretsKey = key
        } else if deployment == .production {
            throw Invalid(variable: "TANDEM_SECRETS_KEY",
                          problem: "production seals two-factor secrets with a key of its own; give 32 random bytes in base64 (`openssl rand -base64 32`)")
        }
        if let path = value("UPLOADS_PATH") { uploadsPath = path }
        // Uploads kept in the SQLite file's own folder would be copied, moved and deleted with the database.
        if case .sqliteFile(let file) = database, Self.folder(of: file) == Self.absolute(uploadsPath) {
            throw Invalid(variable: "UPLOADS_PATH", problem: "must not be the folder that holds the database file \(file); use a folder of its own, e.g. uploads")
        }
    }

    private static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: full).standardizedFileURL.path
    }

    private static func folder(of file: String) -> String {
        URL(fileURLWithPath: absolute(file)).deletingLastPathComponent().standardizedFileURL.path
    }

    private mutating func readMail(_ value: (String) -> String?) throws(Invalid) {
        if let text = value("SMTP_URL") {
            do {
                smtp = try SMTPEndpoint(url: text)
            } catch {
                throw Invalid(variable: "SMTP_URL", problem: error.problem)
            }
        } else if deployment == .production {
            throw Invalid(variable: "SMTP_URL", problem: "production sends invitations and password resets by email; give the mail server, e.g. smtp://user:password@mail.example.org:587")
        }
        if let path = value("SMTP_CA_FILE") {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw Invalid(variable: "SMTP_CA_FILE", problem: "cannot read \(path)")
            }
            smtpCAFile = path
        }
        if let text = value("MAIL_FROM") {
            guard let address = Self.mailAddress(text) else {
                throw Invalid(variable: "MAIL_FROM", problem: "must be an address such as Tandem <tandem@example.org>, not \"\(text)\"")
            }
            mailFrom = address
        } else if deployment == .production {
            throw Invalid(variable: "MAIL_FROM", problem: "production needs the sender address, e.g. Tandem <tandem@example.org>")
        }
        if let text = value("CONTACT_EMAIL") {
            guard MailAddress(text).isPlausible else {
                throw Invalid(variable: "CONTACT_EMAIL", problem: "must be an email address such as programme@example.org, not \"\(text)\"")
            }
            contactEmail = text
        }
        if let text = value("TANDEM_MAIL_POLL_SECONDS") {
            guard let seconds = Int(text), (1...3600).contains(seconds) else {
                throw Invalid(variable: "TANDEM_MAIL_POLL_SECONDS", problem: "must be a number of seconds from 1 to 3600, not \"\(text)\"")
            }
            mailPollSeconds = seconds
        }
        if let text = value("TANDEM_MAIL_RETRY_SECONDS") {
            guard let seconds = Int(text), (1...3600).contains(seconds) else {
                throw Invalid(variable: "TANDEM_MAIL_RETRY_SECONDS", problem: "must be a number of seconds from 1 to 3600, not \"\(text)\"")
            }
            mailFirstRetrySeconds = seconds
        }
    }

    /// `Name <address>` or `address`.
    static func mailAddress(_ text: String) -> MailAddress? {
        var name: String?
        var address = text
        if let open = text.lastIndex(of: "<"), text.hasSuffix(">") {
            name = text[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        }
        let parsed = MailAddress(address, name: name)
        return parsed.isPlausible || parsed.address.hasSuffix("@localhost") ? parsed : nil
    }

    /// Whether pages are served over HTTPS, so cookies can be marked `Secure`.
    var isSecure: Bool { baseURL.hasPrefix("https://") }

    private static func database(from url: String) throws(Invalid) -> Database {
        if url == "sqlite::memory:" { return .sqliteMemory }
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw Invalid(variable: "DATABASE_URL", problem: "sqlite: needs a file path, e.g. sqlite:tandem.sqlite")
            }
            return .sqliteFile(path: path)
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let rest = url.drop { $0 != "@" }
            guard rest.count > 1, rest.contains("/") else {
                throw Invalid(variable: "DATABASE_URL", problem: "a PostgreSQL address needs a user, host and database: postgres://USER:PASS@HOST:PORT/DB")
            }
            return .postgres(url: url)
        }
        throw Invalid(variable: "DATABASE_URL",
                      problem: "must start with sqlite: or postgres:// (e.g. sqlite:tandem.sqlite, sqlite::memory:, postgres://USER:PASS@HOST:5432/DB)")
    }
}
