import Foundation
import TandemCore
import Vapor

/// `tandem match solve --input FILE [--output FILE]`: solves a matching problem written as JSON (an
/// assignment matrix, a b-matching or the programme's policy problem, see docs/matching.md) and writes the
/// result as JSON, with `solve_ms`, the time spent in the solver alone. A file that cannot be solved as it is
/// gets every problem with its place in the file, and exit status 2.
struct MatchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "solve")
        var action: String
        @Option(name: "input", help: "the problem, as JSON")
        var input: String?
        @Option(name: "output", help: "where to write the result (default: standard output)")
        var output: String?
    }

    var help: String { "Solves a matching problem from a JSON file and writes the best pairs as JSON." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "solve" else {
            throw CommandFailure(description: "Unknown action \"\(signature.action)\"; use: match solve --input FILE", exitCode: 2)
        }
        guard let path = signature.input else { throw CommandFailure(description: "--input: name the problem file", exitCode: 2) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(description: "--input: cannot read \"\(path)\"", exitCode: 2)
        }
        let file: MatchingFile
        switch MatchingFile.read(data) {
        case .success(let read): file = read
        case .failure(let invalid):
            let lines = invalid.problems.map { "\(path): \($0)\n" }
            FileHandle.standardError.write(Data(lines.joined().utf8))
            throw CommandFailure(description: "\(invalid.problems.count) problem(s) in \(path); nothing was solved", exitCode: 2)
        }
        let explanation = MatchingExplanation(localizer: context.application.localizer, language: .en)
        let result = MatchingResultDocument.solve(file, explanation: explanation)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let json = try encoder.encode(result)
        if let output = signature.output {
            guard FileManager.default.createFile(atPath: output, contents: json + Data("\n".utf8)) else {
                throw CommandFailure(description: "--output: cannot write \"\(output)\"")
            }
        } else {
            FileHandle.standardOutput.write(json + Data("\n".utf8))
        }
    }
}
