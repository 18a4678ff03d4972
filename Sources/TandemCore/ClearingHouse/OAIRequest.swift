/// A request to the library's OAI-PMH 2.0 endpoint, checked as the protocol says: each verb takes its own arguments,
/// a resumption token excludes the others, and the only metadata format is Dublin Core (`oai_dc`). Anything else
/// is one of the protocol's error codes, answered in XML rather than refused.
public struct OAIRequest: Equatable, Sendable {
    public enum Verb: String, CaseIterable, Sendable {
        case identify = "Identify"
        case listMetadataFormats = "ListMetadataFormats"
        case listSets = "ListSets"
        case listIdentifiers = "ListIdentifiers"
        case listRecords = "ListRecords"
        case getRecord = "GetRecord"
    }

    public enum Failure: String, Error, Sendable {
        case badVerb, badArgument, cannotDisseminateFormat, badResumptionToken, noSetHierarchy, idDoesNotExist, noRecordsMatch
    }

    public let verb: Verb
    public var identifier: String?
    public var from: CivilDate?
    public var until: CivilDate?
    /// Where a list resumes, from a resumption token.
    public var offset = 0

    public static let metadataPrefix = "oai_dc"
    /// Records in one answer of a list; the rest follow with a resumption token.
    public static let pageSize = 100

    /// The request in its arguments (names may not repeat).
    public static func read(_ items: [(name: String, value: String)]) -> Result<OAIRequest, Failure> {
        var arguments: [String: String] = [:]
        for (name, value) in items {
            if arguments[name] != nil { return .failure(name == "verb" ? .badVerb : .badArgument) }
            arguments[name] = value
        }
        guard let verbName = arguments.removeValue(forKey: "verb"), let verb = Verb(rawValue: verbName) else { return .failure(.badVerb) }
        var request = OAIRequest(verb: verb)
        let allowed: Set<String>
        switch verb {
        case .identify, .listSets: allowed = verb == .listSets ? ["resumptionToken"] : []
        case .listMetadataFormats: allowed = ["identifier"]
        case .getRecord: allowed = ["identifier", "metadataPrefix"]
        case .listIdentifiers, .listRecords: allowed = ["metadataPrefix", "from", "until", "set", "resumptionToken"]
        }
        guard Set(arguments.keys).isSubset(of: allowed) else { return .failure(.badArgument) }
        if verb == .listSets { return arguments.isEmpty ? .failure(.noSetHierarchy) : .failure(.badResumptionToken) }
        if let token = arguments["resumptionToken"] {
            guard arguments.count == 1 else { return .failure(.badArgument) }
            guard let resumed = resume(token) else { return .failure(.badResumptionToken) }
            request.offset = resumed.offset
            request.from = resumed.from
            request.until = resumed.until
            return .success(request)
        }
        if verb == .getRecord {
            guard let identifier = arguments["identifier"], arguments["metadataPrefix"] != nil else { return .failure(.badArgument) }
            request.identifier = identifier
        } else if verb == .listMetadataFormats {
            request.identifier = arguments["identifier"]
        }
        if [.getRecord, .listIdentifiers, .listRecords].contains(verb) {
            guard let prefix = arguments["metadataPrefix"] else { return .failure(.badArgument) }
            guard prefix == metadataPrefix else { return .failure(.cannotDisseminateFormat) }
        }
        if arguments["set"] != nil { return .failure(.noSetHierarchy) }
        for (name, path) in [("from", \OAIRequest.from), ("until", \OAIRequest.until)] {
            guard let text = arguments[name] else { continue }
            // Days only: the repository's granularity.
            guard text.count == 10, let day = CivilDate(iso: text) else { return .failure(.badArgument) }
            request[keyPath: path] = day
        }
        if let from = request.from, let until = request.until, until < from { return .failure(.badArgument) }
        return .success(request)
    }

    /// The token that continues this list after `count` more records.
    public func token(after count: Int) -> String {
        ["\(offset + count)", from?.description ?? "", until?.description ?? ""].joined(separator: "_")
    }

    private static func resume(_ token: String) -> (offset: Int, from: CivilDate?, until: CivilDate?)? {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let offset = Int(parts[0]), offset >= 0, offset < 10_000_000 else { return nil }
        func day(_ text: String) -> CivilDate?? { text.isEmpty ? .some(nil) : CivilDate(iso: text).map { .some($0) } }
        guard let from = day(parts[1]), let until = day(parts[2]) else { return nil }
        return (offset, from, until)
    }
}
