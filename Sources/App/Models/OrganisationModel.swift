import Fluent
import Foundation

/// A partner organisation whose members use Tandem.
final class OrganisationModel: Model, @unchecked Sendable {
    static let schema = "organisations"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// `OrganisationKind.rawValue`.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "country_iso3") var countryISO3: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $name, $kind, $countryISO3, $createdAt] }

    init() {}

    init(name: String, kind: String, countryISO3: String?) {
        self.name = name
        self.kind = kind
        self.countryISO3 = countryISO3
    }
}
