import Foundation

/// What one audited change did, as a person reads it: the fields whose values differ between the record before
/// and after, each with both values, instead of two blocks of JSON to compare by eye. Nested fields are named by
/// their path (`visits[1].end`); a record created or deleted lists the fields it had.
public struct AuditChange: Equatable, Sendable {
    public struct Field: Equatable, Sendable {
        public let path: String
        /// nil where the field did not exist on that side.
        public let before: String?
        public let after: String?
    }

    public let fields: [Field]
    /// How many changed fields are not in `fields` (past `limit`).
    public let more: Int

    /// `before` and `after` as stored: JSON, plain text, or empty for "none". Values that are not JSON are
    /// compared whole, as one unnamed field.
    public init(before: String, after: String, limit: Int = 15, valueLength: Int = 160) {
        let old = Self.flatten(before), new = Self.flatten(after)
        var changed: [Field] = []
        for path in Self.orderedPaths(old, new) where old.values[path] != new.values[path] {
            changed.append(Field(path: path, before: old.values[path].map { Self.cut($0, valueLength) },
                                 after: new.values[path].map { Self.cut($0, valueLength) }))
        }
        fields = Array(changed.prefix(limit))
        more = max(0, changed.count - limit)
    }

    struct Flat {
        var values: [String: String] = [:]
        var order: [String] = []
    }

    /// Paths in the order the record has them: after's first, then those only before had.
    static func orderedPaths(_ old: Flat, _ new: Flat) -> [String] {
        var seen = Set<String>()
        return (new.order + old.order).filter { seen.insert($0).inserted }
    }

    static func flatten(_ text: String) -> Flat {
        var flat = Flat()
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return flat }
        guard let value = try? JSONValue.parse(Data(trimmed.utf8)) else {
            flat.values[""] = trimmed
            flat.order = [""]
            return flat
        }
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .object(let members):
                // The stored JSON has sorted keys; the same order keeps the list stable from one entry to the next.
                for key in members.keys.sorted() { walk(members[key]!, path.isEmpty ? key : path + "." + key) }
                // An empty record is no field at all; an empty list inside one is a value ("none yet").
                if members.isEmpty && !path.isEmpty { add(path, "{}") }
            case .array(let items):
                for (index, item) in items.enumerated() { walk(item, "\(path)[\(index)]") }
                if items.isEmpty && !path.isEmpty { add(path, "[]") }
            case .null: add(path, "null")
            case .bool(let flag): add(path, flag ? "true" : "false")
            case .integer(let number): add(path, String(number))
            case .number(let number): add(path, String(number))
            case .string(let string):
                // A record stored as JSON text and audited as that text: read what it holds.
                if let held = Self.heldJSON(string) { walk(held, path) } else { add(path, string) }
            }
        }
        func add(_ path: String, _ text: String) {
            flat.values[path] = text
            flat.order.append(path)
        }
        walk(value, "")
        return flat
    }

    /// The JSON object or list a text holds, if it holds one.
    static func heldJSON(_ text: String) -> JSONValue? {
        guard let first = text.first, first == "{" || first == "[", let value = try? JSONValue.parse(Data(text.utf8)) else { return nil }
        switch value {
        case .object, .array: return value
        default: return nil
        }
    }

    static func cut(_ text: String, _ length: Int) -> String {
        text.count > length ? String(text.prefix(length)) + "…" : text
    }
}
