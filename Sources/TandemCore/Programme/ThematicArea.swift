/// An area in which a partnership plans results: one of a call's list (Annex 2 of the 2025-2027 call), or
/// one an applicant adds.
public struct ThematicArea: Hashable, Codable, Sendable {
    /// Stable identifier; the name in each language comes from the locale files (`thematic_area_KEY`).
    public let key: String
    /// Mentees must plan results in every mandatory area.
    public let mandatoryForMentees: Bool

    public init(key: String, mandatoryForMentees: Bool = false) {
        self.key = key
        self.mandatoryForMentees = mandatoryForMentees
    }

    /// The eight areas of the results framework template, the first two mandatory for mentees.
    public static let annex2: [ThematicArea] = [
        ThematicArea(key: "national_authority", mandatoryForMentees: true),
        ThematicArea(key: "implementing_legislation", mandatoryForMentees: true),
        ThematicArea(key: "chemical_safety_security"),
        ThematicArea(key: "economic_technological_development"),
        ThematicArea(key: "assistance_protection"),
        ThematicArea(key: "inspections"),
        ThematicArea(key: "transfers_control"),
        ThematicArea(key: "education_outreach"),
    ]
}
