/// A State Party to the Convention, as the reference data describes it.
public struct StateParty: Hashable, Sendable, Codable {
    public let iso2: String
    public let iso3: String
    public let m49: String
    public let nameEN: String
    public let nameFR: String
    public let nameES: String
    public let regionalGroup: RegionalGroup
    public let region: String
    public let subregion: String
    /// UN official languages (ISO 639-1) that are official in the state.
    public let languages: [String]
    public let aliases: [String]

    public init(iso2: String, iso3: String, m49: String, nameEN: String, nameFR: String, nameES: String,
                regionalGroup: RegionalGroup, region: String, subregion: String,
                languages: [String], aliases: [String]) {
        self.iso2 = iso2
        self.iso3 = iso3
        self.m49 = m49
        self.nameEN = nameEN
        self.nameFR = nameFR
        self.nameES = nameES
        self.regionalGroup = regionalGroup
        self.region = region
        self.subregion = subregion
        self.languages = languages
        self.aliases = aliases
    }

    public func name(in language: Language) -> String {
        switch language {
        case .en: nameEN
        case .fr: nameFR
        case .es: nameES
        }
    }

    /// Every name a user might type for this state: the three official names and the aliases.
    public var allNames: [String] { [nameEN, nameFR, nameES] + aliases }
}
