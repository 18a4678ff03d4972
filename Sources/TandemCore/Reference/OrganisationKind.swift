/// What kind of body a partner organisation is, as the clearing-house groups them.
public enum OrganisationKind: String, CaseIterable, Codable, Sendable {
    case internationalOrganisation = "international_organisation"
    case regionalOrganisation = "regional_organisation"
    case nationalInstitution = "national_institution"
    case academic
    case industry
    case civilSociety = "civil_society"
    case other
}
