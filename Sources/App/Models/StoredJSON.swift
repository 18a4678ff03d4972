import Foundation
import TandemCore

/// Values kept as JSON text in a column, written with sorted keys so both databases store the same bytes.
enum StoredJSON {
    static func text<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func value<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// A document as stored: `{"document": …, "shape": N}`, so whoever reads it later knows which shape of the
    /// type wrote it.
    static func document<T: StoredDocument>(_ value: T) -> String {
        text(Stored(value: value))
    }
}

/// A document people or the matcher write, kept as JSON in a column (an application's form, a report, a
/// results framework, a matching run's files, a visit's agenda). Each carries the shape it was written in:
/// - shape 0 is a document stored before documents said their shape (the type's fields as they are, bare);
/// - a reader meets an older shape in `Stored.init(from:)`, where each change of shape says how to read the
///   one before it (today every shape reads as the type's own decoder, which takes missing fields as empty);
/// - a shape newer than this build knows (a newer instance wrote it during a rolling deployment) is unreadable,
///   a fault, rather than read without its new fields and saved back without them.
protocol StoredDocument: Codable {
    /// The shape this build writes. Raise it when a change of the type would make an older reader misread it.
    static var shape: Int { get }
}

extension ApplicationForm: StoredDocument { static var shape: Int { 1 } }
extension ReportForm: StoredDocument { static var shape: Int { 1 } }
extension ResultsFramework: StoredDocument { static var shape: Int { 1 } }
extension MatchingParameters: StoredDocument { static var shape: Int { 1 } }
extension MatchingProblem: StoredDocument { static var shape: Int { 1 } }
extension MatchingProposal: StoredDocument { static var shape: Int { 1 } }
extension Array: StoredDocument where Element == AgendaDay { static var shape: Int { 1 } }

/// Written by a newer Tandem than this one.
struct NewerDocumentShape: Error {
    let shape: Int
    let readable: Int
}

struct Stored<T: StoredDocument>: Codable {
    let value: T

    init(value: T) {
        self.value = value
    }

    private enum Keys: String, CodingKey {
        case document, shape
    }

    init(from decoder: any Decoder) throws {
        guard let container = try? decoder.container(keyedBy: Keys.self), container.contains(.shape) else {
            value = try T(from: decoder)
            return
        }
        let shape = try container.decode(Int.self, forKey: .shape)
        guard shape <= T.shape else { throw NewerDocumentShape(shape: shape, readable: T.shape) }
        value = try container.decode(T.self, forKey: .document)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(value, forKey: .document)
        try container.encode(T.shape, forKey: .shape)
    }
}
