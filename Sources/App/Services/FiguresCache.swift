import NIOConcurrencyHelpers
import Vapor

/// Figures drawn from the whole programme (the dashboard's), kept in memory per version of the programme
/// (`DataVersion.programme`), day and language: computed once after each change rather than on every visit.
/// Several instances each keep their own and stay exact, since the version is read from the database.
final class FiguresCache: Sendable {
    private let values = NIOLockedValueBox([String: any Sendable]())
    /// Past this many kept values the cache starts again empty (old versions are never asked for again).
    let capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    func value<Value: Sendable>(_ key: String, compute: () async throws -> Value) async throws -> Value {
        if let kept = values.withLockedValue({ $0[key] }) as? Value { return kept }
        let value = try await compute()
        values.withLockedValue { values in
            if values.count >= capacity { values.removeAll() }
            values[key] = value
        }
        return value
    }
}

extension Application {
    private struct FiguresCacheKey: StorageKey {
        typealias Value = FiguresCache
    }

    /// Set once in `configure`, before any request.
    var figuresCache: FiguresCache {
        get { storage[FiguresCacheKey.self] ?? FiguresCache() }
        set { storage[FiguresCacheKey.self] = newValue }
    }
}
