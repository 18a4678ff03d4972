import TandemCore
import Vapor

/// A State Party as the API shows it.
struct StatePartyDTO: Content {
    struct Names: Content {
        let en: String
        let fr: String
        let es: String
    }

    let iso3: String
    let iso2: String
    let m49: String
    let name: String
    let names: Names
    let regionalGroup: String
    let region: String
    let subregion: String
    let languages: [String]
    let aliases: [String]

    enum CodingKeys: String, CodingKey {
        case iso3, iso2, m49, name, names, region, subregion, languages, aliases
        case regionalGroup = "regional_group"
    }

    init(_ state: StateParty) {
        iso3 = state.iso3
        iso2 = state.iso2
        m49 = state.m49
        name = state.nameEN
        names = Names(en: state.nameEN, fr: state.nameFR, es: state.nameES)
        regionalGroup = state.regionalGroup.rawValue
        region = state.region
        subregion = state.subregion
        languages = state.languages
        aliases = state.aliases
    }
}

/// A State Party with its part in the programme.
struct StateProfileDTO: Content {
    let state: StatePartyDTO
    let partnerships: [PartnershipDTO]
    let visits: [VisitDTO]
}
