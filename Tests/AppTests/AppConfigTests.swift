import Foundation
import TandemCore
import Testing
@testable import App

extension AppTests {
    @Suite struct AppConfigTests {
        @Test func defaultsToAnEmbeddedSQLiteFileOnLoopback() throws {
            let config = try AppConfig(environment: [:])
            #expect(config.database == .sqliteFile(path: "tandem.sqlite"))
            #expect(config.hostname == "127.0.0.1")
            #expect(config.port == 8080)
            #expect(config.baseURL == "http://127.0.0.1:8080")
            #expect(config.logLevel == .info)
            #expect(!config.isSecure)
        }

        @Test func readsEveryVariable() throws {
            let config = try AppConfig(environment: [
                "DATABASE_URL": "postgres://tandem:secret@db.internal:5432/tandem",
                "HOSTNAME": "0.0.0.0", "PORT": "9000", "TANDEM_BASE_URL": "https://tandem.example.org/",
                "LOG_LEVEL": "DEBUG",
            ])
            #expect(config.database == .postgres(url: "postgres://tandem:secret@db.internal:5432/tandem"))
            #expect(config.hostname == "0.0.0.0")
            #expect(config.port == 9000)
            #expect(config.baseURL == "https://tandem.example.org")
            #expect(config.logLevel == .debug)
            #expect(config.isSecure)
            #expect(try AppConfig(environment: ["DATABASE_URL": "sqlite::memory:"]).database == .sqliteMemory)
            #expect(try AppConfig(environment: ["DATABASE_URL": "sqlite:/var/lib/tandem/db.sqlite"]).database
                    == .sqliteFile(path: "/var/lib/tandem/db.sqlite"))
        }

        @Test(arguments: [
            ("DATABASE_URL", "mysql://localhost/tandem"), ("DATABASE_URL", "sqlite:"), ("DATABASE_URL", "postgres://localhost"),
            ("PORT", "eighty"), ("PORT", "70000"), ("TANDEM_BASE_URL", "tandem.example.org"), ("LOG_LEVEL", "loud"),
            ("SMTP_URL", "mail.example.org:587"), ("SMTP_URL", "http://mail.example.org"), ("MAIL_FROM", "Tandem"),
            ("SMTP_CA_FILE", "/nonexistent/ca.pem"), ("TANDEM_MAIL_POLL_SECONDS", "0"), ("TANDEM_MAIL_RETRY_SECONDS", "-5"), ("UPLOADS_PATH", "."),
            ("CONTACT_EMAIL", "the secretariat"),
        ])
        func failsNamingTheVariable(variable: String, value: String) {
            #expect {
                try AppConfig(environment: [variable: value])
            } throws: { error in
                (error as? AppConfig.Invalid)?.variable == variable
            }
        }

        @Test func productionRefusesAnUnsafeSetUp() throws {
            #expect(try AppConfig(environment: [:]).deployment == .development)
            #expect(throws: AppConfig.Invalid.self) { try AppConfig(environment: ["TANDEM_ENV": "production"]) }
            #expect(throws: AppConfig.Invalid.self) {
                try AppConfig(environment: ["TANDEM_ENV": "production", "TANDEM_BASE_URL": "http://tandem.example.org"])
            }
            #expect(throws: AppConfig.Invalid.self) { try AppConfig(environment: ["TANDEM_ENV": "staging"]) }
            let mail = ["SMTP_URL": "smtp://tandem:secret@mail.example.org", "MAIL_FROM": "Tandem <tandem@example.org>",
                        "TANDEM_SECRETS_KEY": Data(repeating: 1, count: 32).base64EncodedString()]
            let behindProxy = try AppConfig(environment: mail.merging(["TANDEM_ENV": "production", "TANDEM_BASE_URL": "http://tandem.internal",
                                                                       "TANDEM_ALLOW_HTTP": "1"]) { $1 })
            #expect(behindProxy.deployment == .production)
            let secure = try AppConfig(environment: mail.merging(["TANDEM_ENV": "Production", "TANDEM_BASE_URL": "https://tandem.example.org"]) { $1 })
            #expect(secure.deployment == .production && secure.isSecure)
            #expect(secure.mailFrom == MailAddress("tandem@example.org", name: "Tandem"))
            #expect(secure.smtp == SMTPEndpoint(host: "mail.example.org", port: 587, security: .startTLS, username: "tandem", password: "secret"))
            #expect(secure.secretsKey == Data(repeating: 1, count: 32))
            #expect(throws: AppConfig.Invalid.self) { try AppConfig(environment: ["TANDEM_SECRETS_KEY": "c2hvcnQ="]) }
            // Production without a mail server or a sender would lose every invitation, and without its own
            // key would keep two-factor secrets under development's.
            for missing in mail.keys {
                #expect(throws: AppConfig.Invalid.self, "\(missing)") {
                    try AppConfig(environment: mail.filter { $0.key != missing }
                        .merging(["TANDEM_ENV": "production", "TANDEM_BASE_URL": "https://tandem.example.org"]) { $1 })
                }
            }
        }

        @Test func neverRepeatsAMailServerPasswordInItsMessage() {
            #expect {
                try AppConfig(environment: ["SMTP_URL": "ftp://user:hunter2@mail.example.org"])
            } throws: { error in
                (error as? AppConfig.Invalid)?.variable == "SMTP_URL" && !"\(error)".contains("hunter2")
            }
        }

        @Test func neverRepeatsADatabasePasswordInItsMessage() {
            #expect {
                try AppConfig(environment: ["DATABASE_URL": "postgres://user:hunter2@nowhere"])
            } throws: { error in
                !"\(error)".contains("hunter2")
            }
        }
    }
}
