import Fluent
import Foundation

/// A State Party's National Authority as its focal points and the Secretariat keep it: how to reach it.
final class NationalAuthorityModel: Model, @unchecked Sendable {
    static let schema = "national_authorities"

    @ID(key: .id) var id: UUID?
    /// Raised by every change; a form drawn from an older version is refused (see `Database.claim`).
    @Field(key: "version") var version: Int
    @Field(key: "state_iso3") var stateISO3: String
    @Field(key: "name") var name: String
    @Field(key: "address") var address: String
    @Field(key: "email") var email: String
    @Field(key: "phone") var phone: String
    @Field(key: "website") var website: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $version, $stateISO3, $name, $address, $email, $phone, $website, $updatedAt] }

    init() {}

    init(stateISO3: String) {
        version = 0
        self.stateISO3 = stateISO3
        name = ""
        address = ""
        email = ""
        phone = ""
        website = ""
    }
}
