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

    var help: String { "Creates an account and prints a single-use link to set its password." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw CommandFailure(description: "Unknown action \"\(signature.action)\"; use: users create") }
        let app = context.application
        let invitation = Invitation(
            email: (signature.email ?? "").trimmingCharacters(in: .whitespaces).lowercased(), name: signature.name ?? "",
            role: signature.role.flatMap(Role.init(rawValue:)), stateISO3: signature.state?.uppercased(),
            organisation: signature.organisation, language: .en)
        let options = ["email": "--email", "name": "--name", "role": "--role", "state": "--state", "organisation": "--organisation"]
        if let (field, key) = invitation.problems(states: app.statesDirectory).sorted(by: { $0.key < $1.key }).first {
            throw CommandFailure(description: "\(options[field] ?? field): " + app.localizer.text(key, .en))
        }
        let created = try await app.db.writeTransaction { db in
            try await Invitations.create(invitation, by: "command-line", on: db, now: app.clock.now())
        }
        guard let created else { throw CommandFailure(description: "--email: an account with \(invitation.email) already exists") }
        context.console.info("Created \(created.user.role) \(created.user.email). Single-use link to set the password (valid 7 days):")
        context.console.output((app.config.baseURL + Invitations.path(.invitation, created.secret)).consoleText())
    }
}
