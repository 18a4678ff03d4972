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

    /// Orders the problems file by file (in the order the files were read) and line by line.
    public init(_ problems: [ImportProblem]) {
        var fileOrder: [String: Int] = [:]
        for problem in problems where fileOrder[problem.file] == nil { fileOrder[problem.file] = fileOrder.count }
        self.problems = problems.enumerated().sorted { a, b in
            (fileOrder[a.element.file]!, a.element.line, a.offset) < (fileOrder[b.element.file]!, b.element.line, b.offset)
        }.map(\.element)
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
