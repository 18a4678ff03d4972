import Foundation

/// What a clearing-house record is related to: another record, a partnership of the programme or an application
/// to a call. A writer gives it as the address of its page, which is how people pass such things to each other;
/// it is kept as the target's kind and key.
public struct RecordRelation: Hashable, Sendable {
    public enum Target: String, CaseIterable, Codable, Sendable {
        case record, partnership, application
    }

    public let target: Target
    /// A record's or an application's id (upper case), or a partnership's code.
    public let key: String

    public init(_ target: Target, key: String) {
        self.target = target
        self.key = key
    }

    /// Reads the address of a record's, a partnership's or an application's page, whole or from its path
    /// (`https://…/clearing-house/records/{id}`, `/programme/partnerships/{code}`, `/partnerships/{code}`,
    /// `/applications/{id}`), or a record's id alone. Anything else is nil.
    public init?(address: String) {
        let text = address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 500 else { return nil }
        if let id = UUID(uuidString: text) {
            self.init(.record, key: id.uuidString)
            return
        }
        var path = Substring(text)
        if let scheme = path.range(of: "://") {
            path = path[scheme.upperBound...].drop { $0 != "/" }
        }
        path = path.prefix { $0 != "?" && $0 != "#" }
        let parts = path.split(separator: "/").map(String.init)
        switch parts.count {
        case 3 where parts[0] == "clearing-house" && parts[1] == "records":
            guard let id = UUID(uuidString: parts[2]) else { return nil }
            self.init(.record, key: id.uuidString)
        case 2 where parts[0] == "applications":
            guard let id = UUID(uuidString: parts[1]) else { return nil }
            self.init(.application, key: id.uuidString)
        case 2 where parts[0] == "partnerships", 3 where parts[0] == "programme" && parts[1] == "partnerships":
            let code = parts[parts.count - 1].uppercased()
            guard (1...40).contains(code.count), code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
            self.init(.partnership, key: code)
        default:
            return nil
        }
    }

    /// The page it leads to: a partnership's public page, which everyone may read.
    public var path: String {
        switch target {
        case .record: "/clearing-house/records/" + key
        case .partnership: "/programme/partnerships/" + key
        case .application: "/applications/" + key
        }
    }

    /// The most relations one record keeps: a list a reader can take in.
    public static let limit = 30

    public enum Refusal: String, Error, Sendable {
        /// Not the address of a record, a partnership or an application.
        case unreadable = "relation_unreadable"
        case toItself = "relation_to_itself"
        case already = "relation_already"
        case tooMany = "relation_too_many"
        /// Nothing is at that address that the writer may see.
        case notFound = "relation_not_found"
    }

    /// Whether `address` may be added to the relations `existing` of the record `recordID`.
    public static func adding(_ address: String, to existing: [RecordRelation], of recordID: UUID) -> Result<RecordRelation, Refusal> {
        guard let relation = RecordRelation(address: address) else { return .failure(.unreadable) }
        if relation == RecordRelation(.record, key: recordID.uuidString) { return .failure(.toItself) }
        if existing.contains(relation) { return .failure(.already) }
        if existing.count >= limit { return .failure(.tooMany) }
        return .success(relation)
    }
}
