/// What a delegate does in their country's implementation of the Convention.
public enum DelegateRole: String, CaseIterable, Codable, Sendable {
    /// The National Authority's management: the call asks for at least one among the sponsored.
    case management
    /// Other staff of the National Authority.
    case staff
    /// A national stakeholder in the Convention's implementation (a ministry, customs, industry).
    case stakeholder
}

/// Asked for the programme's gender statistics; anyone may leave it undisclosed.
public enum Gender: String, CaseIterable, Codable, Sendable {
    case woman, man, other
}

/// A member of the visiting delegation.
public struct Delegate: Equatable, Codable, Sendable {
    public var name: String
    public var title: String
    public var organisation: String
    public var role: DelegateRole
    public var gender: Gender?
    /// Travel, meals and insurance paid by the Secretariat. Delegates the state pays for are recorded too.
    public var sponsored: Bool
    /// Sponsored beyond the usual number, as the head of a ministry or national agency with an important
    /// role in implementing the Convention; the Secretariat must approve it.
    public var exceptional: Bool
    public var exceptionApproved: Bool

    public init(name: String, title: String = "", organisation: String = "", role: DelegateRole, gender: Gender? = nil,
                sponsored: Bool, exceptional: Bool = false, exceptionApproved: Bool = false) {
        self.name = name
        self.title = title
        self.organisation = organisation
        self.role = role
        self.gender = gender
        self.sponsored = sponsored
        self.exceptional = exceptional
        self.exceptionApproved = exceptionApproved
    }
}

/// The call's sponsorship rules for a visiting delegation (S/2368/2025, paragraph 6).
public enum DelegationRules {
    public static func check(_ delegates: [Delegate], rules: ProgrammeRules) -> [RuleBreach] {
        guard !delegates.isEmpty else { return [RuleBreach("delegation_empty", field: "delegates")] }
        var breaches: [RuleBreach] = []
        let sponsored = delegates.filter(\.sponsored)
        let usual = sponsored.filter { !$0.exceptional }, exceptional = sponsored.filter(\.exceptional)
        if !sponsored.isEmpty, !sponsored.contains(where: { $0.role == .management }) {
            breaches.append(RuleBreach("delegation_no_management", field: "delegates"))
        }
        if usual.count > rules.sponsoredOfficialsPerState {
            breaches.append(RuleBreach("delegation_too_many_sponsored", field: "delegates",
                                       ["count": String(usual.count), "allowed": String(rules.sponsoredOfficialsPerState),
                                        "extra": String(rules.exceptionalExtraOfficials)]))
        }
        if exceptional.count > rules.exceptionalExtraOfficials {
            breaches.append(RuleBreach("delegation_too_many_exceptional", field: "delegates",
                                       ["count": String(exceptional.count), "allowed": String(rules.exceptionalExtraOfficials)]))
        }
        for delegate in exceptional where !delegate.exceptionApproved {
            breaches.append(RuleBreach("delegation_exception_pending", field: "delegates", severity: .warning, ["name": delegate.name]))
        }
        return breaches
    }

    /// Whether the Secretariat can confirm the delegation as it is: exceptions must be approved first.
    public static func canConfirm(_ delegates: [Delegate], rules: ProgrammeRules) -> Bool {
        !check(delegates, rules: rules).contains { $0.isBreach } && delegates.allSatisfy { !$0.exceptional || $0.exceptionApproved }
    }
}
