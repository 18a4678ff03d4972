import Fluent
import Foundation

/// Who runs a background job now, and until when: one instance at a time, taken over if it stops.
final class JobLeaseModel: Model, @unchecked Sendable {
    static let schema = "job_leases"

    @ID(key: .id) var id: UUID?
    @Field(key: "job") var job: String
    @OptionalField(key: "owner") var owner: String?
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    @OptionalField(key: "last_run_at") var lastRunAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $job, $owner, $leaseUntil, $lastRunAt] }

    init() {}

    init(job: String) {
        self.job = job
    }
}
