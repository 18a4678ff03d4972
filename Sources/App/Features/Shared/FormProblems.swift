/// What is wrong with a submitted form: a locale key for each field that needs changing.
struct FormProblems: Error {
    let fields: [String: String]
}
