import Fluent
import Foundation

/// A reminder that has gone out, by a key naming what it is about and which step it is
/// (`report:<id>:before-14`). The key is unique, so no reminder is sent twice, even by two instances.
final class SentReminderModel: Model, @unchecked Sendable {
    static let schema = "sent_reminders"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "sent_at") var sentAt: Date

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $key, $sentAt] }

    init() {}

    init(key: String, sentAt: Date) {
        self.key = key
        self.sentAt = sentAt
    }
}
