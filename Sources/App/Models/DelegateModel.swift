import Fluent
import Foundation
import TandemCore

/// A member of a visit's delegation.
final class DelegateModel: Model, @unchecked Sendable {
    static let schema = "visit_delegates"

    @ID(key: .id) var id: UUID?
    @Parent(key: "visit_id") var visit: VisitModel
    @Field(key: "name") var name: String
    @Field(key: "title") var title: String
    @Field(key: "organisation") var organisation: String
    /// `DelegateRole.rawValue`.
    @Field(key: "role") var role: String
    /// `Gender.rawValue`, or nil when not disclosed.
    @OptionalField(key: "gender") var gender: String?
    @Field(key: "sponsored") var sponsored: Bool
    @Field(key: "exceptional") var exceptional: Bool
    @Field(key: "exception_approved") var exceptionApproved: Bool
    @Field(key: "position") var position: Int

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $visit, $name, $title, $organisation, $role, $gender, $sponsored, $exceptional, $exceptionApproved, $position] }

    init() {}

    init(_ delegate: Delegate, visitID: UUID, position: Int) {
        self.$visit.id = visitID
        name = delegate.name
        title = delegate.title
        organisation = delegate.organisation
        role = delegate.role.rawValue
        gender = delegate.gender?.rawValue
        sponsored = delegate.sponsored
        exceptional = delegate.exceptional
        exceptionApproved = delegate.exceptionApproved
        self.position = position
    }

    var value: Delegate {
        Delegate(name: name, title: title, organisation: organisation, role: DelegateRole(rawValue: role) ?? .staff,
                 gender: gender.flatMap(Gender.init(rawValue:)), sponsored: sponsored, exceptional: exceptional,
                 exceptionApproved: exceptionApproved)
    }
}
