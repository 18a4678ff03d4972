import Foundation

/// What another person saved into a record while someone was editing it: every field whose saved value differs
/// from the one being sent, by its path (`motivation`, `emails[1]`, `resultsFramework.areas[0].outputs[1].statement`,
/// the paths the completeness checks use), with the saved value. Shown beside each field so nothing typed is
/// lost and the person can merge by hand.
public enum SavedMeanwhile {
    public static func fields<T: Encodable>(mine: T, saved: T) throws -> [String: String] {
        let encoder = JSONEncoder()
        let mineLeaves = leaves(try JSONValue.parse(try encoder.encode(mine)))
        let savedLeaves = leaves(try JSONValue.parse(try encoder.encode(saved)))
        var differing: [String: String] = [:]
        for path in Set(mineLeaves.keys).union(savedLeaves.keys) where mineLeaves[path] != savedLeaves[path] {
            differing[path] = savedLeaves[path] ?? ""
        }
        return differing
    }

    /// Every leaf of a JSON tree by its path, as text.
    static func leaves(_ value: JSONValue, at path: String = "") -> [String: String] {
        switch value {
        case .object(let object):
            object.reduce(into: [:]) { result, entry in
                result.merge(leaves(entry.value, at: path.isEmpty ? entry.key : path + "." + entry.key)) { first, _ in first }
            }
        case .array(let array):
            array.enumerated().reduce(into: [:]) { result, entry in
                result.merge(leaves(entry.element, at: "\(path)[\(entry.offset)]")) { first, _ in first }
            }
        case .null: [path: ""]
        case .bool(let flag): [path: flag ? "yes" : "no"]
        case .integer(let number): [path: String(number)]
        case .number(let number): [path: String(number)]
        case .string(let text): [path: text]
        }
    }
}
