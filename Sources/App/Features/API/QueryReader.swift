import Vapor

/// Reads query parameters, turning a value that does not fit into a 400 that names the parameter.
/// Pages treat an empty value as "no filter" (what a form's "all" option sends); the API does not.
struct QueryReader {
    let request: Request
    let emptyMeansAbsent: Bool

    func string(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let raw = request.queryValue(name) else { return nil }
        if raw.isEmpty && emptyMeansAbsent { return nil }
        // Counted in code points, as JSON Schema's maxLength counts them: "é" written as e plus a combining
        // accent is one character to a reader but two to the schema.
        guard raw.unicodeScalars.count <= maxLength else {
            throw APIError.invalidParameter(name, "must be at most \(maxLength) characters")
        }
        return raw
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        try value(name, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)") {
            Int($0).flatMap { range.contains($0) ? $0 : nil }
        }
    }

    func value<T>(_ name: String, expected: String, _ parse: (String) -> T?) throws -> T? {
        guard let raw = try string(name) else { return nil }
        guard let value = parse(raw) else {
            throw APIError.invalidParameter(name, "must be \(expected), not \"\(raw.prefix(40))\"")
        }
        return value
    }

    /// An ISO 3166 alpha-3 code, in any case, returned upper-case.
    func stateCode(_ name: String) throws -> String? {
        try value(name, expected: "an ISO 3166 alpha-3 code such as GHA") { text in
            text.count == 3 && text.allSatisfy { $0.isASCII && $0.isLetter } ? text.uppercased() : nil
        }
    }

    func choice<T: CaseIterable & RawRepresentable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        return try value(name, expected: "one of " + names.joined(separator: ", ")) { T(rawValue: $0) }
    }
}

extension Request {
    /// Query parameters of a JSON API call: strict.
    var apiQuery: QueryReader { QueryReader(request: self, emptyMeansAbsent: false) }
    /// Query parameters of a page: an empty value means "any".
    var pageQuery: QueryReader { QueryReader(request: self, emptyMeansAbsent: true) }
}
