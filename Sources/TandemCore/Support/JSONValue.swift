import Foundation

/// Any JSON value, read by a small parser of our own: it keeps whole numbers apart from fractions (so a file
/// can be told "a whole number is required"), says where a syntax error is by line and column, and reads a
/// matrix of millions of numbers in seconds with little memory beyond the values themselves.
public enum JSONValue: Equatable, Sendable {
    case null, bool(Bool), integer(Int), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    public struct SyntaxError: Error, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let expected: String
        public var description: String { "line \(line), column \(column): \(expected)" }
    }

    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .integer: "a whole number"
        case .number: "a number with a fraction"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }

    public static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { raw in
            var parser = Parser(bytes: raw.bindMemory(to: UInt8.self))
            parser.skipSpace()
            let value = try parser.value(depth: 0)
            parser.skipSpace()
            guard parser.index == parser.bytes.count else { throw parser.error("nothing after the value") }
            return value
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        func error(_ expected: String) -> SyntaxError {
            var line = 1, column = 1
            for byte in bytes[..<min(index, bytes.count)] {
                if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            }
            return SyntaxError(line: line, column: column, expected: expected)
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
        }

        mutating func expect(_ character: Unicode.Scalar) throws {
            guard current == UInt8(ascii: character) else { throw error("expected \"\(character)\"") }
            index += 1
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard depth < 64 else { throw error("values nested more than 64 deep") }
            switch current {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try word("true"); return .bool(true)
            case UInt8(ascii: "f"): try word("false"); return .bool(false)
            case UInt8(ascii: "n"): try word("null"); return .null
            case let byte? where byte == UInt8(ascii: "-") || (0x30...0x39).contains(byte): return try number()
            case nil: throw error("the file ends where a value was expected")
            default: throw error("a value (object, list, string, number, true, false or null)")
            }
        }

        mutating func word(_ text: String) throws {
            for scalar in text.utf8 {
                guard current == scalar else { throw error("\"\(text)\"") }
                index += 1
            }
        }

        mutating func array(depth: Int) throws -> JSONValue {
            index += 1
            var items: [JSONValue] = []
            skipSpace()
            if current == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                try expect("]")
                return .array(items)
            }
        }

        mutating func object(depth: Int) throws -> JSONValue {
            index += 1
            var fields: [String: JSONValue] = [:]
            skipSpace()
            if current == UInt8(ascii: "}") { index += 1; return .object(fields) }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw error("a field name in quotes") }
                let key = try string()
                skipSpace()
                try expect(":")
                skipSpace()
                fields[key] = try value(depth: depth + 1)
                skipSpace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                try expect("}")
                return .object(fields)
            }
        }

        mutating func number() throws -> JSONValue {
            let start = index
            if current == UInt8(ascii: "-") { index += 1 }
            var whole = true
            var digits = 0
            while let byte = current {
                if (0x30...0x39).contains(byte) { digits += 1 }
                else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { whole = false }
                else { break }
                index += 1
            }
            guard digits > 0 else { throw error("a number") }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            if whole, let integer = Int(text) { return .integer(integer) }
            guard let double = Double(text) else { index = start; throw error("a number") }
            return .number(double)
        }

        mutating func string() throws -> String {
            index += 1
            var plainStart = index
            var result = ""
            while true {
                guard let byte = current else { throw error("a closing quote") }
                if byte == UInt8(ascii: "\"") {
                    result += String(decoding: UnsafeBufferPointer(rebasing: bytes[plainStart..<index]), as: UTF8.self)
                    index += 1
                    return result
                }
                if byte < 0x20 { throw error("no control characters inside a string") }
                if byte != UInt8(ascii: "\\") { index += 1; continue }
                result += String(decoding: UnsafeBufferPointer(rebasing: bytes[plainStart..<index]), as: UTF8.self)
                index += 1
                guard let escaped = current else { throw error("an escape after \\") }
                index += 1
                switch escaped {
                case UInt8(ascii: "\""): result += "\""
                case UInt8(ascii: "\\"): result += "\\"
                case UInt8(ascii: "/"): result += "/"
                case UInt8(ascii: "b"): result += "\u{8}"
                case UInt8(ascii: "f"): result += "\u{C}"
                case UInt8(ascii: "n"): result += "\n"
                case UInt8(ascii: "r"): result += "\r"
                case UInt8(ascii: "t"): result += "\t"
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800...0xDBFF).contains(code), current == UInt8(ascii: "\\") {
                        index += 1
                        try expect("u")
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("a valid \\u escape") }
                    result.unicodeScalars.append(scalar)
                default: throw error("a valid escape after \\")
                }
                plainStart = index
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count,
                  let code = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<index + 4]), as: UTF8.self), radix: 16)
            else { throw error("four hex digits after \\u") }
            index += 4
            return code
        }
    }
}
