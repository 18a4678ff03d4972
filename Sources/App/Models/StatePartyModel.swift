import Fluent
import Foundation
import TandemCore

/// A State Party as stored: reference data, keyed publicly by its ISO 3166 alpha-3 code.
final class StatePartyModel: Model, @unchecked Sendable {
    static let schema = "states_parties"

    @ID(key: .id) var id: UUID?
    @Field(key: "iso2") var iso2: String
    @Field(key: "iso3") var iso3: String
    @Field(key: "m49") var m49: String
    @Field(key: "name_en") var nameEN: String
    @Field(key: "name_fr") var nameFR: String
    @Field(key: "name_es") var nameES: String
    @Field(key: "regional_group") var regionalGroup: String
    @Field(key: "region") var region: String
    @Field(key: "subregion") var subregion: String
    /// `;`-separated ISO 639-1 codes, as in the reference file.
    @Field(key: "languages") var languages: String
    /// `;`-separated other names.
    @Field(key: "aliases") var aliases: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $iso2, $iso3, $m49, $nameEN, $nameFR, $nameES, $regionalGroup, $region, $subregion, $languages, $aliases, $createdAt, $updatedAt] }

    init() {}

    init(_ state: StateParty) {
        update(from: state)
    }

    func update(from state: StateParty) {
        iso2 = state.iso2
        iso3 = state.iso3
        m49 = state.m49
        nameEN = state.nameEN
        nameFR = state.nameFR
        nameES = state.nameES
        regionalGroup = state.regionalGroup.rawValue
        region = state.region
        subregion = state.subregion
        languages = state.languages.joined(separator: ";")
        aliases = state.aliases.joined(separator: ";")
    }

    var value: StateParty? {
        guard let group = RegionalGroup(rawValue: regionalGroup) else { return nil }
        return StateParty(iso2: iso2, iso3: iso3, m49: m49, nameEN: nameEN, nameFR: nameFR, nameES: nameES,
                          regionalGroup: group, region: region, subregion: subregion,
                          languages: Self.list(languages), aliases: Self.list(aliases))
    }

    private static func list(_ text: String) -> [String] {
        text.split(separator: ";").map(String.init)
    }
}
