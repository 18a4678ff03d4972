import Fluent
import Foundation

/// One change to Tandem's data: who made it, what changed, and when.
final class AuditEntryModel: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(key: .id) var id: UUID?
    /// A person's account, or a named process such as `import-history`.
    @Field(key: "actor") var actor: String
    @Field(key: "action") var action: String
    @Field(key: "entity") var entity: String
    @Field(key: "entity_key") var entityKey: String
    /// JSON of the record before and after the change (either may be empty).
    @Field(key: "before") var before: String
    @Field(key: "after") var after: String
    /// Where a change made through the web came from; empty for the command line and start-up.
    @Field(key: "address") var address: String
    @Timestamp(key: "at", on: .create) var at: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $actor, $action, $entity, $entityKey, $before, $after, $address, $at] }

    init() {}

    init(actor: String, action: String, entity: String, entityKey: String, before: String, after: String, address: String = "") {
        self.address = address
        self.actor = actor
        self.action = action
        self.entity = entity
        self.entityKey = entityKey
        self.before = before
        self.after = after
    }
}
