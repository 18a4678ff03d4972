/// Where an application stands between its first draft and the Secretariat's decision.
public enum ApplicationStatus: String, Codable, CaseIterable, Sendable {
    /// Being written; the applicant may change everything.
    case draft
    /// Sent for the next quarterly review; no longer changed by the applicant.
    case submitted
    /// Sent back by the Secretariat with reasons; the applicant amends and submits again.
    case returned
    /// Goes to the matching pool.
    case accepted
    case notAccepted = "not_accepted"
    /// Taken back by its state before a partnership came of it; the state may apply again.
    case withdrawn

    /// Whether the applicant may still change it.
    public var isEditable: Bool { self == .draft || self == .returned }

    /// Whether it counts as the state's one application for its call.
    public var isActive: Bool { self != .notAccepted && self != .withdrawn }
}
