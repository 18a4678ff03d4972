/// What a signed-in person may do in Tandem, beyond what the public may.
public enum Role: String, CaseIterable, Codable, Sendable {
    /// Manages users, roles and the platform.
    case admin
    /// A programme officer of the Secretariat: acts on every State Party's records.
    case secretariat
    /// A National Authority's focal point: acts for one State Party only.
    case focalPoint = "focal_point"
    /// A member of a partner organisation.
    case organisation
    /// A registered member of the network with no special rights.
    case member
}
