import Fluent
import TandemCore
import Vapor

/// `tandem import-history PARTNERSHIPS.csv PARTICIPANTS.csv`: loads the programme's past partnerships.
/// Every problem in the files is reported at once, with line and column, and then nothing is imported.
struct ImportHistoryCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "partnerships", help: "CSV of partnerships (no, mentor, mentee, first and return visit)")
        var partnerships: String

        @Argument(name: "participants", help: "CSV of participating National Authorities (no, state_party)")
        var participants: String
    }

    var help: String { "Imports the programme's partnership history from two CSV files, all or nothing." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        func read(_ path: String) throws -> String {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure(description: "Cannot read \(path): no such file, or it is not readable.")
            }
            return String(decoding: data, as: UTF8.self)
        }
        let parsed = ProgrammeHistoryFile.parse(
            partnerships: try read(signature.partnerships), partnershipsFile: signature.partnerships,
            participants: try read(signature.participants), participantsFile: signature.participants,
            resolver: app.statesDirectory.resolver)
        switch parsed {
        case .failure(let problems):
            for problem in problems.problems { context.console.error(problem.description) }
            throw CommandFailure(description: "\(problems.problems.count) problem(s) found; nothing was imported.")
        case .success(let history):
            let summary = try await HistoryImporter.load(history, on: app.db, actor: "import-history")
            if summary.created.isEmpty {
                context.console.info("Nothing new: all \(summary.alreadyPresent.count) partnerships are already present.")
            } else {
                context.console.info("Imported \(summary.created.count) partnership(s) with \(summary.visitsCreated) visit(s): \(summary.created.joined(separator: ", ")).")
                if !summary.alreadyPresent.isEmpty {
                    context.console.info("\(summary.alreadyPresent.count) partnership(s) were already present and were left as they are.")
                }
            }
        }
    }
}
