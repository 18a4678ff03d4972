import Fluent
import TandemCore
import Vapor

/// `tandem users create --email E --role R [--state ISO3] [--organisation NAME] [--name NAME]`:
/// creates an account and prints a single-use link, valid 7 days, where its owner sets a password.
/// The first administrator is made this way.
struct UsersCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "email", help: "the person's email address")
        var email: String?
        @Option(name: "role", help: "admin, secretariat, focal_point, organisation or member")
        var role: String?
        @Option(name: "state", help: "ISO3 code of the State Party a focal point acts for")
        var state: String?
        @Option(name: "organisation", help: "name of the partner organisation (created if new)")
        var organisation: String?
        @Option(name: "name", help: "display name (default: the email address)")
        var name: String?
    }

    static let invitationLifetime: TimeInterval = 7 * 24 * 3600

    var help: String { "Creates an account and prints a single-use link to set its password." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw CommandFailure(description: "Unknown action \"\(signature.action)\"; use: users create") }
        let app = context.application
        let email = (signature.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard email.contains("@"), email.split(separator: "@").count == 2, !email.contains(" ") else {
            throw CommandFailure(description: "--email: an email address is needed, e.g. --email amina@example.org")
        }
        guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
            throw CommandFailure(description: "--role: one of " + Role.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let stateISO3 = role == .focalPoint ? signature.state.flatMap({ app.statesDirectory[$0] })?.iso3 : nil
        if role == .focalPoint && stateISO3 == nil {
            throw CommandFailure(description: "--state: a focal point needs the ISO3 code of their State Party, e.g. --state GHA")
        }
        if try await UserModel.query(on: app.db).filter(\.$email == email).first() != nil {
            throw CommandFailure(description: "--email: an account with \(email) already exists")
        }
        let link = try await app.db.transaction { db -> String in
            var organisationID: UUID?
            if role == .organisation {
                guard let name = signature.organisation?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                    throw CommandFailure(description: "--organisation: a member of an organisation needs its name")
                }
                let existing = try await OrganisationModel.query(on: db).filter(\.$name == name).first()
                let organisation = existing ?? OrganisationModel(name: name, kind: "partner", countryISO3: nil)
                if existing == nil { try await organisation.create(on: db) }
                organisationID = try organisation.requireID()
            }
            let user = UserModel(email: email, displayName: signature.name ?? email, language: .en, role: role,
                                 stateISO3: stateISO3, organisationID: organisationID)
            try await user.create(on: db)
            let secret = SecretToken.make()
            try await OneTimeTokenModel(tokenHash: SecretToken.hash(secret), userID: try user.requireID(), purpose: .invitation,
                                        expiresAt: app.clock.now().addingTimeInterval(Self.invitationLifetime)).create(on: db)
            try await AuditLog.record(on: db, actor: "command-line", action: "create", entity: "user", key: email,
                                      before: String?.none, after: ["role": role.rawValue, "state": stateISO3 ?? ""])
            return "\(app.config.baseURL)/account/welcome/\(secret)"
        }
        context.console.info("Created \(role.rawValue) \(email). Single-use link to set the password (valid 7 days):")
        context.console.output(link.consoleText())
    }
}
