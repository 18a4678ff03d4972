import Fluent
import TandemCore

/// Reads partnerships, with their participants and visits, as domain values.
struct PartnershipsRepository {
    let database: any Database

    /// Every partnership, oldest first.
    func all() async throws -> [Partnership] {
        try await query().all().map(\.value)
    }

    func find(code: String) async throws -> Partnership? {
        try await query().filter(\.$code == code).first()?.value
    }

    /// The partnerships a State Party takes part in, oldest first.
    func involving(_ iso3: String) async throws -> [Partnership] {
        let ids = try await ParticipantModel.query(on: database).filter(\.$stateISO3 == iso3).all()
            .map { $0.$partnership.id }
        guard !ids.isEmpty else { return [] }
        return try await query().filter(\.$id ~~ ids).all().map(\.value)
    }

    private func query() -> QueryBuilder<PartnershipModel> {
        PartnershipModel.query(on: database)
            .with(\.$participants)
            .with(\.$visits)
            .sort(\.$startDate)
            .sort(\.$code)
    }
}
