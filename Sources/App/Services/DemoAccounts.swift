import Fluent
import TandemCore
import Vapor

/// In development only: one account for each role, so a newcomer can try every view at once.
/// Never created in production (`TANDEM_ENV=production`).
enum DemoAccounts {
    static let password = "tandem demo only"

    static let people: [(email: String, name: String, role: Role, state: String?)] = [
        ("admin@demo.tandem", "Demo Administrator", .admin, nil),
        ("secretariat@demo.tandem", "Demo Programme Officer", .secretariat, nil),
        ("ghana@demo.tandem", "Demo Focal Point, Ghana", .focalPoint, "GHA"),
        ("uk@demo.tandem", "Demo Focal Point, United Kingdom", .focalPoint, "GBR"),
        ("peru@demo.tandem", "Demo Focal Point, Peru", .focalPoint, "PER"),
        ("partner@demo.tandem", "Demo Partner Organisation", .organisation, nil),
        ("member@demo.tandem", "Demo Network Member", .member, nil),
    ]

    static func isDemo(_ email: String) -> Bool {
        people.contains { $0.email == email }
    }

    static func ensure(on app: Application) async throws {
        let existing = Set(try await UserModel.query(on: app.db).filter(\.$email ~~ people.map(\.email)).all().map(\.email))
        let missing = people.filter { !existing.contains($0.email) }
        if !missing.isEmpty {
            let hash = try await app.password.async.hash(password)
            let organisation = try await demoOrganisation(on: app.db)
            for person in missing {
                let user = UserModel(email: person.email, displayName: person.name, language: .en, role: person.role,
                                     stateISO3: person.state, organisationID: person.role == .organisation ? organisation : nil)
                user.passwordHash = hash
                try await user.create(on: app.db)
            }
        }
        app.logger.notice("Development demo accounts (password \"\(password)\"): \(people.map(\.email).joined(separator: ", "))")
    }

    private static func demoOrganisation(on db: any Database) async throws -> UUID {
        if let found = try await OrganisationModel.query(on: db).filter(\.$name == "Demo Partner Organisation").first() {
            return try found.requireID()
        }
        let organisation = OrganisationModel(name: "Demo Partner Organisation", kind: OrganisationKind.internationalOrganisation.rawValue, countryISO3: nil)
        try await organisation.create(on: db)
        return try organisation.requireID()
    }
}
