/// A command line that cannot be carried out, with the sentence that tells the operator what to change and
/// the exit status that tells a script (2: the input is wrong).
public struct CommandFailure: Error, CustomStringConvertible {
    public let description: String
    public let exitCode: Int32

    init(description: String, exitCode: Int32 = 1) {
        self.description = description
        self.exitCode = exitCode
    }
}
