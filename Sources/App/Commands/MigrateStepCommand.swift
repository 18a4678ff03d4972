import Fluent
import Vapor

/// `tandem migrate`: brings the database up to date and loads the reference data, then stops. Every command
/// does this first, under the start-up lock (`StartLock`), so a deployment may run it once before starting its
/// instances, or let them start together.
struct MigrateStepCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Migrates the database and loads the reference data (under the start-up lock), then stops." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let applied = try await MigrationLog.query(on: context.application.db).count()
        context.console.info("The database is up to date: \(applied) migrations applied.")
    }
}
