import Fluent
import NIOConcurrencyHelpers
import TandemCore
import Vapor

/// The programme's partnerships as the public sees them (`PartnershipModel.publicValue`), held in memory and
/// reloaded only when the programme's version has moved:
/// one tiny query per request instead of loading and decoding every partnership, and still exact when
/// several server instances share one database.
final class ProgrammeCache: Sendable {
    private let snapshot = NIOLockedValueBox<(version: Int64, partnerships: [Partnership])?>(nil)

    func partnerships(on database: any Database) async throws -> [Partnership] {
        let version = try await DataVersion.current(.programme, on: database)
        if let cached = snapshot.withLockedValue({ $0 }), cached.version == version {
            return cached.partnerships
        }
        let partnerships = try await PartnershipModel.query(on: database)
            .with(\.$participants)
            .with(\.$visits)
            .sort(\.$startDate)
            .sort(\.$code)
            .all()
            .compactMap(\.publicValue)
        snapshot.withLockedValue { $0 = (version, partnerships) }
        return partnerships
    }
}

extension Application {
    private struct ProgrammeCacheKey: StorageKey {
        typealias Value = ProgrammeCache
    }

    /// Set once in `configure`, before any request: storage is not safe to change while serving.
    var programmeCache: ProgrammeCache {
        get { storage[ProgrammeCacheKey.self] ?? ProgrammeCache() }
        set { storage[ProgrammeCacheKey.self] = newValue }
    }
}
