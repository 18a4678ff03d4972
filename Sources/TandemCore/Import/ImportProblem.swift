/// One thing wrong with an input file, located precisely enough for a person to fix it.
public struct ImportProblem: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: String
    public let reason: String

    public init(file: String, line: Int, column: String, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(column): \(reason)" }
}

/// Every problem found in an import, reported together so that one pass over the file fixes them all.
public struct ImportProblems: Error, Sendable, CustomStringConvertible {
    public let problems: [ImportProblem]

    public init(_ problems: [ImportProblem]) {
        self.problems = problems.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
