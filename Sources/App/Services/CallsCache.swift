import Fluent
import NIOConcurrencyHelpers
import TandemCore
import Vapor

/// The calls by id, held in memory per version of the reference data (`DataVersion.reference`, which every
/// change to a call raises): a list naming its rows' calls reads one number rather than the calls. Several
/// instances each keep their own and stay exact, since the version is read from the database.
final class CallsCache: Sendable {
    private struct Kept {
        var version: Int64 = -1
        var calls: [UUID: Call] = [:]
    }

    private let kept = NIOLockedValueBox(Kept())

    func calls(on db: any Database) async throws -> [UUID: Call] {
        let version = try await DataVersion.current(.reference, on: db)
        if let calls = kept.withLockedValue({ $0.version == version ? $0.calls : nil }) { return calls }
        // Read after the version, so what is kept is at least as new as the version it is kept under.
        var calls: [UUID: Call] = [:]
        for model in try await CallModel.query(on: db).all() { calls[try model.requireID()] = try model.value() }
        let fresh = Kept(version: version, calls: calls)
        kept.withLockedValue { $0 = fresh }
        return calls
    }
}

extension Application {
    private struct CallsCacheKey: StorageKey {
        typealias Value = CallsCache
    }

    /// Set once in `configure`, before any request.
    var callsCache: CallsCache {
        get { storage[CallsCacheKey.self] ?? CallsCache() }
        set { storage[CallsCacheKey.self] = newValue }
    }
}
