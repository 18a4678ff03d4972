/// Text made safe for an XML document: markup characters escaped, and the characters XML 1.0 cannot hold at all
/// (control characters other than tab and line ends, lone surrogates, U+FFFE and U+FFFF) left out, so a record with
/// a stray control character still gives a feed every reader can parse.
public enum XMLText {
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF || (0x7F...0x84).contains(value) || (0x86...0x9F).contains(value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// An element with escaped text, or nothing when the text is empty.
    public static func element(_ name: String, _ text: String, attributes: [(String, String)] = []) -> String {
        guard !text.isEmpty else { return "" }
        let attributes = attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
        return "<\(name)\(attributes)>\(escape(text))</\(name)>"
    }
}
