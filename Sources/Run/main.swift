import App
import Logging
import NIOCore
import NIOPosix
import Vapor

// Swift concurrency runs on NIO's event loops, so an async handler does not hop between two sets of threads
// for every await on the network or the database. Done first, before anything asynchronous has run.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

var env = try Environment.detect()
let standalone = Application.isStandalone(arguments: CommandLine.arguments)
if standalone {
    try LoggingSystem.bootstrap(from: &env) { level in
        { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
} else {
    try LoggingSystem.bootstrap(from: &env)
}
let app = try await Application.make(env)
do {
    try await configure(app)
    if !standalone { try await app.prepareDatabase() }
} catch {
    app.logger.critical("Tandem cannot start: \(error)")
    try? await app.asyncShutdown()
    exit(1)
}
do {
    // Vapor reports a command's error itself; here it only sets the exit status.
    try await app.execute()
} catch {
    try? await app.asyncShutdown()
    exit((error as? CommandFailure)?.exitCode ?? 1)
}
try await app.asyncShutdown()
