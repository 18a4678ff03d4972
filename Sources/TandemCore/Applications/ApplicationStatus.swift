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

    /// The moves the programme allows: submitted by its state, decided by the Secretariat after review, withdrawn
    /// by its state until it is refused.
    public func canMove(to next: ApplicationStatus) -> Bool {
        switch (self, next) {
        case (.draft, .submitted), (.returned, .submitted): true
        case (.submitted, .accepted), (.submitted, .returned), (.submitted, .notAccepted): true
        case (.draft, .withdrawn), (.submitted, .withdrawn), (.returned, .withdrawn), (.accepted, .withdrawn): true
        default: false
        }
    }
}
