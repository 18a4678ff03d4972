import Fluent
import Foundation
import TandemCore

/// Who is to be invited, as a form or the command line gives it, checked once for both.
struct Invitation: Sendable {
    var email: String
    var name: String
    var role: Role?
    var stateISO3: String?
    var organisation: String?
    var language: Language

    /// Every problem at once, by field, as a locale key: the web shows them next to the fields, the
    /// command line prints them in English.
    func problems(states: StatesDirectory) -> [String: String] {
        var problems: [String: String] = [:]
        if !MailAddress(email).isPlausible || email.count > 254 { problems["email"] = "invite_email_invalid" }
        if name.count > 120 { problems["name"] = "invite_name_too_long" }
        switch role {
        case nil:
            problems["role"] = "invite_role_needed"
        case .focalPoint?:
            if stateISO3.flatMap({ states[$0] }) == nil { problems["state"] = "invite_state_needed" }
        case .organisation?:
            let name = organisation?.trimmingCharacters(in: .whitespaces) ?? ""
            if name.isEmpty || name.count > 200 { problems["organisation"] = "invite_organisation_needed" }
        default:
            break
        }
        return problems
    }
}

/// Accounts made by invitation, and the single-use links by which people set their passwords.
enum Invitations {
    static let lifetime: TimeInterval = 7 * 24 * 3600
    static let resetLifetime: TimeInterval = 3600

    /// Creates the account and its invitation link; call it inside the transaction that also queues the
    /// email. Returns nil when the address already has an account: the caller answers as if it did not.
    static func create(_ invitation: Invitation, by actor: String, from address: String = "", on db: any Database,
                       now: Date) async throws -> (user: UserModel, secret: String)? {
        let email = invitation.email.trimmingCharacters(in: .whitespaces).lowercased()
        guard try await UserModel.query(on: db).filter(\.$email == email).first() == nil, let role = invitation.role else {
            return nil
        }
        var organisationID: UUID?
        if role == .organisation, let name = invitation.organisation?.trimmingCharacters(in: .whitespaces) {
            let existing = try await OrganisationModel.query(on: db).filter(\.$name == name).first()
            let organisation = existing ?? OrganisationModel(name: name, kind: OrganisationKind.other.rawValue, countryISO3: nil)
            if existing == nil {
                try await organisation.create(on: db)
                try await AuditLog.record(on: db, actor: actor, action: "create", entity: "organisation", key: name,
                                          before: nil, after: ["kind": organisation.kind], address: address)
            }
            organisationID = try organisation.requireID()
        }
        let name = invitation.name.trimmingCharacters(in: .whitespaces)
        let user = UserModel(email: email, displayName: name.isEmpty ? email : name, language: invitation.language, role: role,
                             stateISO3: role == .focalPoint ? invitation.stateISO3 : nil, organisationID: organisationID)
        try await user.create(on: db)
        let secret = try await issueLink(.invitation, for: user, lifetime: lifetime, on: db, now: now)
        try await AuditLog.record(on: db, actor: actor, action: "invite", entity: "user", key: email, before: nil,
                                  after: ["role": role.rawValue, "state": user.stateISO3 ?? "", "organisation": invitation.organisation ?? ""],
                                  address: address)
        return (user, secret)
    }

    /// A new single-use link; only its hash is stored.
    static func issueLink(_ purpose: OneTimeTokenModel.Purpose, for user: UserModel, lifetime: TimeInterval,
                          on db: any Database, now: Date) async throws -> String {
        let secret = SecretToken.make()
        try await OneTimeTokenModel(tokenHash: SecretToken.hash(secret), userID: try user.requireID(), purpose: purpose,
                                    expiresAt: now.addingTimeInterval(lifetime)).create(on: db)
        return secret
    }

    static func path(_ purpose: OneTimeTokenModel.Purpose, _ secret: String) -> String {
        (purpose == .invitation ? "/account/welcome/" : "/account/reset/") + secret
    }
}
