import Fluent
import TandemCore
import Vapor

/// Reads partnerships, with their participants and visits, as domain values.
struct PartnershipsRepository {
    let database: any Database
    let cache: ProgrammeCache

    /// Every partnership, oldest first.
    func all() async throws -> [Partnership] {
        try await cache.partnerships(on: database)
    }

    func find(code: String) async throws -> Partnership? {
        try await all().first { $0.code == code }
    }

    /// The partnerships a State Party takes part in, oldest first.
    func involving(_ iso3: String) async throws -> [Partnership] {
        try await all().filter { $0.states.contains(iso3) }
    }
}

extension Request {
    var partnerships: PartnershipsRepository {
        PartnershipsRepository(database: db, cache: application.programmeCache)
    }
}
