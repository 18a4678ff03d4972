import Foundation

/// Writes rows as RFC 4180 CSV, quoting only the fields that need it.
public enum CSVWriter {
    public static func write(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(escape).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One row, with its line end: for a file written a row at a time.
    public static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }

    static func escape(_ field: String) -> String {
        // A leading =, +, - or @ would run as a formula in a spreadsheet; a quote-prefix keeps it text.
        var value = field
        if let first = value.first, "=+-@".contains(first), !isNumber(value) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `-12` or `-2490.50`: a negative figure, which a spreadsheet must read as a number.
    private static func isNumber(_ value: String) -> Bool {
        let parts = value.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
        return value.first == "-" && (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}
