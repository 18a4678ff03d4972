/// A command line that cannot be carried out, with the sentence that tells the operator what to change.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
}
