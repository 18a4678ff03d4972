import Fluent
import Foundation
import TandemCore

/// A person with an account. Never deleted: deactivated, so what they did keeps their name.
final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    /// Stored lower-case, so uniqueness ignores case.
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "language") var language: String
    /// `Role.rawValue`.
    @Field(key: "role") var role: String
    @OptionalField(key: "state_iso3") var stateISO3: String?
    @OptionalParent(key: "organisation_id") var organisation: OrganisationModel?
    /// bcrypt; empty until the person sets a password from their invitation.
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "is_active") var isActive: Bool
    /// Sends the list of what needs this person by email every Monday (`WeeklyDigest`).
    @Field(key: "weekly_digest") var weeklyDigest: Bool
    /// Base 32 TOTP secret once two-factor sign-in is set up.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    /// A secret shown during set-up, kept until the first code proves the app has it.
    @OptionalField(key: "totp_pending_secret") var totpPendingSecret: String?
    /// The 30-second step of the last code accepted: a code works once, however quickly it is replayed.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $email, $displayName, $language, $role, $stateISO3, $organisation, $passwordHash, $isActive, $weeklyDigest, $totpSecret, $totpPendingSecret, $totpLastStep, $createdAt, $updatedAt] }

    init() {}

    init(email: String, displayName: String, language: Language, role: Role, stateISO3: String?, organisationID: UUID?) {
        self.email = email.lowercased()
        self.displayName = displayName
        self.language = language.rawValue
        self.role = role.rawValue
        self.stateISO3 = stateISO3
        self.$organisation.id = organisationID
        self.passwordHash = ""
        self.isActive = true
        self.weeklyDigest = false
    }

    var actor: Actor {
        Actor(role: Role(rawValue: role), state: stateISO3, isActive: isActive)
    }
}
