import Fluent
import Foundation
import TandemCore

/// One item paid for one sponsored official of a visit (see `CostLine`).
final class VisitCostModel: Model, @unchecked Sendable {
    static let schema = "visit_costs"

    @ID(key: .id) var id: UUID?
    @Parent(key: "visit_id") var visit: VisitModel
    /// The official's name as the delegation gave it when the cost was recorded.
    @Field(key: "delegate") var delegate: String
    /// `CostItem.rawValue`.
    @Field(key: "item") var item: String
    @OptionalField(key: "planned_cents") var plannedCents: Int64?
    @OptionalField(key: "actual_cents") var actualCents: Int64?
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $visit, $delegate, $item, $plannedCents, $actualCents, $recordedBy, $recordedAt] }

    init() {}

    init(_ line: CostLine, visitID: UUID, by actor: String, at moment: Date) {
        self.$visit.id = visitID
        delegate = line.delegate
        item = line.item.rawValue
        plannedCents = line.planned?.cents
        actualCents = line.actual?.cents
        recordedBy = actor
        recordedAt = moment
    }

    var line: CostLine {
        get throws {
            CostLine(delegate: delegate, item: try StoredValue.read(CostItem.self, item, column: "visit_costs.item"),
                     planned: plannedCents.map(Money.init(cents:)), actual: actualCents.map(Money.init(cents:)))
        }
    }
}
