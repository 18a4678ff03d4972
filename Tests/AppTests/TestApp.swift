import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// All AppTests share one database server when `DATABASE_URL` points at PostgreSQL, so they run one
/// at a time; each starts from an empty, freshly migrated and seeded database.
@Suite(.serialized) struct AppTests {}

/// Runs `test` against a Tandem application on a fresh database: SQLite in memory by default, or the
/// PostgreSQL server `DATABASE_URL` names (its tables are dropped and rebuilt first).
func withTandem(_ adjust: (inout AppConfig) -> Void = { _ in }, _ test: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    do {
        var config = AppConfig(database: .sqliteMemory, logLevel: .warning)
        config.bcryptCost = 4
        config.deployment = .test
        config.uploadsPath = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-uploads-\(UUID().uuidString)").path
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], url.hasPrefix("postgres") {
            config.database = .postgres(url: url)
        }
        adjust(&config)
        try await configure(app, config: config)
        if case .postgres = config.database { try await app.autoRevert() }
        try await app.prepareDatabase()
        try await test(app)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

extension TestingHTTPResponse {
    var text: String { body.string }

    /// The body as a JSON object; empty when it is not one, so the assertions that follow fail.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.string.utf8))) as? [String: Any] ?? [:]
    }
}

/// How many times `needle` occurs in `haystack`.
func occurrences(of needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}

/// The package's root folder, for tests that read the files Tandem ships.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
