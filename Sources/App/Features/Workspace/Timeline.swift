import Fluent
import Foundation

/// Writes a partnership's timeline: one entry for each thing that happens in it.
enum Timeline {
    static func record(_ kind: String, _ values: [String: String] = [:], partnership: PartnershipModel, actor: String,
                       at moment: Date, on db: any Database) async throws {
        try await TimelineEventModel(partnershipID: try partnership.requireID(), kind: kind, details: values, actor: actor, at: moment)
            .create(on: db)
    }
}
