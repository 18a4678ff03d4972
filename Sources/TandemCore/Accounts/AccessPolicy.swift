/// Who is asking: the public (nobody signed in) or a signed-in, active person with a role.
public struct Actor: Equatable, Sendable {
    public let role: Role?
    /// The State Party a focal point acts for.
    public let state: String?
    public let isActive: Bool

    public init(role: Role?, state: String? = nil, isActive: Bool = true) {
        self.role = role
        self.state = state
        self.isActive = isActive
    }

    public static let publicVisitor = Actor(role: nil, isActive: false)

    public var isSignedIn: Bool { role != nil && isActive }
}

/// Something a person may try to do.
public enum Action: Equatable, Sendable {
    /// Read a public page or the public API.
    case readPublic
    /// See one's own account.
    case manageOwnAccount
    /// Read the records of a State Party that are not public.
    case readStateRecords(state: String)
    /// Create or change the records of a State Party.
    case editStateRecords(state: String)
    /// Invite people to Tandem.
    case invite(role: Role)
    /// Manage users, roles, locks and tokens.
    case manageUsers
    /// Read the audit log and the mail outbox.
    case readAudit
    /// Create and edit calls for expressions of interest.
    case manageCalls
    /// See a partnership's workspace: its partners' own records, private to them and the Secretariat.
    case readPartnership(states: [String])
    /// Plan visits, write reports and keep the workspace of a partnership.
    case editPartnership(states: [String])
    /// Run the programme: set up partnerships, confirm visits, review reports, follow the whole programme.
    case manageProgramme
}

/// The answer of the policy: allowed, or why not.
public enum Decision: Equatable, Sendable {
    case allow
    /// Nobody is signed in; signing in may help.
    case signInRequired
    /// Signed in, but this person may not do this.
    case deny(reason: String)

    public var isAllowed: Bool { self == .allow }
}

/// The one place that decides who may do what. Every route asks it; pages only mirror its answers.
public enum AccessPolicy {
    public static func decide(_ actor: Actor, _ action: Action) -> Decision {
        if action == .readPublic { return .allow }
        guard actor.isSignedIn, let role = actor.role else { return .signInRequired }
        switch (role, action) {
        case (_, .manageOwnAccount):
            return .allow
        case (.admin, _):
            return .allow
        case (.secretariat, .manageUsers):
            return .deny(reason: "only an administrator manages users and roles")
        case (.secretariat, .readAudit):
            return .deny(reason: "only an administrator reads the audit log and the outbox")
        case (.secretariat, .invite(let invited)):
            return invited == .admin ? .deny(reason: "only an administrator invites administrators") : .allow
        case (.secretariat, _):
            return .allow
        case (.focalPoint, .readStateRecords(let state)), (.focalPoint, .editStateRecords(let state)):
            return state == actor.state ? .allow : .deny(reason: "a focal point acts for their own State Party only")
        case (.focalPoint, .readPartnership(let states)), (.focalPoint, .editPartnership(let states)):
            return actor.state.map(states.contains) == true ? .allow : .deny(reason: "a focal point sees the partnerships of their own State Party only")
        default:
            return .deny(reason: "this role may not do this")
        }
    }
}

/// Which States Parties' records a person may read, for lists that ask the database for those rows only
/// instead of reading every row and asking the policy of each.
public enum StateScope: Equatable, Sendable {
    case every
    case only(String)
    case none

    public func contains(_ state: String) -> Bool {
        switch self {
        case .every: return true
        case .only(let own): return own == state
        case .none: return false
        }
    }
}

extension AccessPolicy {
    /// The States Parties whose records `actor` may read: the same answers as `decide(actor, .readStateRecords)`.
    public static func readableStates(_ actor: Actor) -> StateScope {
        if decide(actor, .manageCalls).isAllowed { return .every }
        guard let state = actor.state, decide(actor, .readStateRecords(state: state)).isAllowed else { return .none }
        return .only(state)
    }
}
