import Foundation

/// A stored value Tandem cannot read: an unknown status, or a JSON document of a shape no version of Tandem
/// wrote. It is a server fault (logged, answered 500 with a reference), never a silent default that the next
/// save would write over the real record.
struct UnreadableStoredValue: Error, CustomStringConvertible {
    let column: String
    let value: String
    /// Why, where more is known than that it does not decode.
    var reason = ""

    var description: String {
        "\(column) holds \(value.prefix(200).debugDescription), which Tandem cannot read" + (reason.isEmpty ? "" : ": " + reason)
    }
}

enum StoredValue {
    /// The enumeration case a column holds, or a fault.
    static func read<T: RawRepresentable>(_ type: T.Type, _ raw: String, column: String) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: raw) else { throw UnreadableStoredValue(column: column, value: raw) }
        return value
    }

    /// A document in whichever shape stored it (see `StoredDocument`), or a fault naming the column.
    static func document<T: StoredDocument>(_ type: T.Type, _ text: String, column: String) throws -> T {
        try json(Stored<T>.self, text, column: column).value
    }

    /// The JSON value a column holds, or a fault naming the column.
    static func json<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch let newer as NewerDocumentShape {
            throw UnreadableStoredValue(column: column, value: text,
                                        reason: "shape \(newer.shape) was written by a newer Tandem than this one (which reads up to \(newer.readable))")
        } catch {
            throw UnreadableStoredValue(column: column, value: text, reason: String(describing: error))
        }
    }
}
