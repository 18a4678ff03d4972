import Fluent
import NIOConcurrencyHelpers
import TandemCore
import Vapor

/// The programme's partnerships as the public sees them (`PartnershipModel.publicValue`), held in memory. Each
/// request reads the reference data's version and every partnership's revision (two small queries) and reloads
/// only the partnerships whose revision moved, so an edit to one partnership costs one partnership's reload,
/// and several instances sharing a database stay exact.
final class ProgrammeCache: Sendable {
    private struct Snapshot {
        var reference: Int64 = -1
        var revisions: [UUID: Int] = [:]
        /// The public value of each partnership (nil while it is not public), by id.
        var values: [UUID: Partnership?] = [:]
        var partnerships: [Partnership] = []
        /// Changes only when what the public sees changes: the page cache's key.
        var fingerprint = 0
    }

    private let snapshot = NIOLockedValueBox(Snapshot())

    func partnerships(on database: any Database) async throws -> [Partnership] {
        try await current(on: database).partnerships
    }

    /// A number that changes whenever the public pages could: reference data, or any partnership's public value.
    /// Work on a partnership that the public does not see (a visit being planned) leaves it as it was.
    func fingerprint(on database: any Database) async throws -> Int {
        try await current(on: database).fingerprint
    }

    private func current(on database: any Database) async throws -> Snapshot {
        let reference = try await DataVersion.current(.reference, on: database)
        let revisions = try await DataVersion.partnershipRevisions(on: database)
        var next = snapshot.withLockedValue { $0 }
        if next.reference == reference, next.revisions == revisions { return next }
        if next.reference != reference { next = Snapshot() }
        let moved = revisions.filter { next.revisions[$0.key] != $0.value }.map(\.key)
        if !moved.isEmpty {
            for model in try await PartnershipModel.query(on: database).filter(\.$id ~~ moved).with(\.$participants).with(\.$visits).all() {
                next.values[try model.requireID()] = .some(model.publicValue)
            }
        }
        next.values = next.values.filter { revisions[$0.key] != nil }
        next.reference = reference
        next.revisions = revisions
        next.partnerships = next.values.values.compactMap { $0 }
            .sorted { ($0.start?.description ?? "", $0.code) < ($1.start?.description ?? "", $1.code) }
        var hasher = Hasher()
        hasher.combine(reference)
        hasher.combine(next.partnerships)
        next.fingerprint = hasher.finalize()
        let built = next
        snapshot.withLockedValue { $0 = built }
        return built
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
