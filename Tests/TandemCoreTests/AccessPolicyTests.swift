import Testing
@testable import TandemCore

@Suite struct AccessPolicyTests {
    let admin = Actor(role: .admin)
    let secretariat = Actor(role: .secretariat)
    let ghana = Actor(role: .focalPoint, state: "GHA")
    let partner = Actor(role: .organisation)
    let member = Actor(role: .member)

    @Test func thePublicReadsPublicPagesOnly() {
        #expect(AccessPolicy.decide(.publicVisitor, .readPublic) == .allow)
        #expect(AccessPolicy.decide(.publicVisitor, .manageOwnAccount) == .signInRequired)
        #expect(AccessPolicy.decide(.publicVisitor, .readStateRecords(state: "GHA")) == .signInRequired)
    }

    @Test func aFocalPointActsForTheirOwnStateOnly() {
        #expect(AccessPolicy.decide(ghana, .editStateRecords(state: "GHA")) == .allow)
        #expect(AccessPolicy.decide(ghana, .readStateRecords(state: "GHA")) == .allow)
        #expect(!AccessPolicy.decide(ghana, .editStateRecords(state: "TGO")).isAllowed)
        #expect(!AccessPolicy.decide(ghana, .manageUsers).isAllowed)
        #expect(!AccessPolicy.decide(ghana, .invite(role: .focalPoint)).isAllowed)
    }

    @Test func aPartnershipIsItsPartnersAndTheSecretariatsOnly() {
        let partners = ["GHA", "GBR"]
        for action in [Action.readPartnership(states: partners), .editPartnership(states: partners)] {
            #expect(AccessPolicy.decide(ghana, action) == .allow)
            #expect(AccessPolicy.decide(secretariat, action) == .allow)
            #expect(AccessPolicy.decide(Actor(role: .focalPoint, state: "TGO"), action).isAllowed == false)
            #expect(AccessPolicy.decide(Actor(role: .focalPoint), action).isAllowed == false)
            #expect(AccessPolicy.decide(partner, action).isAllowed == false)
            #expect(AccessPolicy.decide(.publicVisitor, action) == .signInRequired)
        }
        #expect(AccessPolicy.decide(secretariat, .manageProgramme) == .allow)
        #expect(!AccessPolicy.decide(ghana, .manageProgramme).isAllowed)
    }

    @Test func theSecretariatActsOnEveryStateButDoesNotManageUsers() {
        for state in ["GHA", "TGO", "GBR"] {
            #expect(AccessPolicy.decide(secretariat, .editStateRecords(state: state)) == .allow)
        }
        #expect(AccessPolicy.decide(secretariat, .invite(role: .focalPoint)) == .allow)
        #expect(!AccessPolicy.decide(secretariat, .invite(role: .admin)).isAllowed)
        #expect(!AccessPolicy.decide(secretariat, .manageUsers).isAllowed)
    }

    @Test func onlyAnAdminManagesUsers() {
        #expect(AccessPolicy.decide(admin, .manageUsers) == .allow)
        #expect(AccessPolicy.decide(admin, .invite(role: .admin)) == .allow)
        #expect(AccessPolicy.decide(admin, .readAudit) == .allow)
        for actor in [secretariat, ghana, partner, member] {
            #expect(!AccessPolicy.decide(actor, .manageUsers).isAllowed)
            #expect(!AccessPolicy.decide(actor, .readAudit).isAllowed)
        }
    }

    @Test func aDeactivatedPersonIsTreatedAsSignedOut() {
        let former = Actor(role: .admin, isActive: false)
        #expect(AccessPolicy.decide(former, .manageUsers) == .signInRequired)
        #expect(AccessPolicy.decide(former, .readPublic) == .allow)
    }

    @Test func everyoneSignedInManagesTheirOwnAccount() {
        for actor in [admin, secretariat, ghana, partner, member] {
            #expect(AccessPolicy.decide(actor, .manageOwnAccount) == .allow)
        }
    }

    @Test func theReadableStatesAreWhatThePolicyAllowsStateByState() {
        let deactivated = Actor(role: .secretariat, isActive: false)
        let stateless = Actor(role: .focalPoint)
        for actor in [admin, secretariat, ghana, partner, member, deactivated, stateless, Actor.publicVisitor] {
            let scope = AccessPolicy.readableStates(actor)
            for state in ["GHA", "KEN", "GBR"] {
                #expect(scope.contains(state) == AccessPolicy.decide(actor, .readStateRecords(state: state)).isAllowed)
            }
        }
        #expect(AccessPolicy.readableStates(ghana) == .only("GHA"))
        #expect(AccessPolicy.readableStates(secretariat) == .every)
        #expect(AccessPolicy.readableStates(partner) == StateScope.none)
    }
}

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy(commonPasswords: ["password1234", "qwertyuiop123"])

    @Test func acceptsALongUncommonPassphrase() {
        #expect(policy.problems("correct horse battery staple") == [])
    }

    @Test func refusesShortCommonRepetitiveOrPersonalPasswords() {
        #expect(policy.problems("short") == [.tooShort(minimum: 12)])
        #expect(policy.problems("Password1234") == [.common])
        #expect(policy.problems("aaaaaaaaaaaaaaaa") == [.common])
        #expect(policy.problems("abcabcabcabc") == [.common])
        #expect(policy.problems("amina.mensah-secure-2026", email: "amina.mensah@na.gov.gh") == [.containsEmail])
        #expect(policy.problems(String(repeating: "é", count: 40)).contains(.tooLong(maximum: 72)))
    }
}
