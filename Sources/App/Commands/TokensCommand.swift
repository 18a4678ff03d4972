import Fluent
import Vapor

/// `tandem tokens create --email E --scope read|write [--name N]`: makes a personal API token for an
/// account and prints it once.
struct TokensCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "email", help: "the account's email address")
        var email: String?
        @Option(name: "scope", help: "read or write")
        var scope: String?
        @Option(name: "name", help: "what the token is for (default: command line)")
        var name: String?
    }

    var help: String { "Makes a personal API token for an account and prints it once." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw CommandFailure(description: "Unknown action \"\(signature.action)\"; use: tokens create") }
        let app = context.application
        let email = (signature.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        guard let user = try await UserModel.query(on: app.db).filter(\.$email == email).first(), user.isActive else {
            throw CommandFailure(description: "--email: no active account has the address \"\(email)\"")
        }
        guard let scope = signature.scope.flatMap(APITokenModel.Scope.init(rawValue:)) else {
            throw CommandFailure(description: "--scope: read or write")
        }
        let name = signature.name ?? "command line"
        let (token, secret) = APITokenModel.make(for: try user.requireID(), name: name, scope: scope)
        try await app.db.writeTransaction { db in
            try await token.create(on: db)
            try await AuditLog.record(on: db, actor: "command-line", action: "create", entity: "api_token", key: name,
                                      before: nil, after: ["user": email, "scope": scope.rawValue])
        }
        context.console.info("API token for \(email) (\(scope.rawValue)); it is shown only now:")
        context.console.output(secret.consoleText())
    }
}
