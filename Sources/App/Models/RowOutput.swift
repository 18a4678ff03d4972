import Fluent
import SQLKit

/// A plain SQL row as Fluent's model properties read one: lets a model that is read on every request fill
/// its fields one by one, without the reflection over its properties that Fluent's own decoding costs
/// (more, on a signed-in page, than the query itself).
struct RowOutput: DatabaseOutput {
    let row: any SQLRow

    var description: String { "\(row)" }

    func schema(_ schema: String) -> any DatabaseOutput { self }

    func contains(_ key: FieldKey) -> Bool { row.contains(column: key.description) }

    func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: key.description) }

    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T {
        try row.decode(column: key.description, as: T.self)
    }
}
