import Vapor

/// `tandem deadlines run`: one pass of the deadlines job now, as the server makes every few minutes:
/// reminders before due dates and notices of what is overdue, each sent once, and the weekly digests when due.
struct DeadlinesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "run")
        var action: String
    }

    var help: String { "Sends the reminders that are due now (each once), as the server's deadlines job does." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "run" else { throw CommandFailure(description: "Unknown action \"\(signature.action)\"; use: deadlines run") }
        guard let outcome = try await DeadlinesWorker.pass(context.application) else {
            context.console.info("Another instance is running the deadlines job now; nothing done.")
            return
        }
        context.console.info("\(outcome.reminders) reminders, \(outcome.emails) emails, \(outcome.digests) weekly digests queued in the outbox.")
    }
}
