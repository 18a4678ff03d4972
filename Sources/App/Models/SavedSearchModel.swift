import Fluent
import Foundation

/// A clearing-house search someone keeps: its address's items, a name, and how often they want to hear of records
/// newly published that it finds (never, daily or weekly; never unless they ask).
final class SavedSearchModel: Model, @unchecked Sendable {
    static let schema = "saved_searches"

    enum Frequency: String, CaseIterable, Codable {
        case off, daily, weekly
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: UserModel
    @Field(key: "name") var name: String
    /// The search as its address carries it (`RecordQuery.items`), without the page.
    @Field(key: "query") var query: String
    /// `Frequency.rawValue`.
    @Field(key: "frequency") var frequency: String
    /// Records published after this moment are news for the next alert.
    @Field(key: "alerted_at") var alertedAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $user, $name, $query, $frequency, $alertedAt, $createdAt] }

    init() {}

    init(userID: UUID, name: String, query: String, frequency: Frequency, alertedAt: Date) {
        self.$user.id = userID
        self.name = name
        self.query = query
        self.frequency = frequency.rawValue
        self.alertedAt = alertedAt
    }
}
