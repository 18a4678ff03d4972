/// A CSV file read into a header and rows, each row remembering the line it started on so that
/// import problems can point at the exact place in the file.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String]
    }

    public let header: [String]
    public let rows: [Row]

    /// Parses RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.
    public init(parsing text: String) {
        var records: [Row] = []
        var field = ""
        var fields: [String] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Row(line: recordLine, fields: fields))
            }
            fields = []
        }

        while let scalar = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = next }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                inQuotes = true
            case ",":
                fields.append(field)
                field = ""
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }

        var all = records
        if all.first?.fields.first?.hasPrefix("\u{FEFF}") == true {
            var first = all[0].fields
            first[0].removeFirst()
            all[0] = Row(line: all[0].line, fields: first)
        }
        header = all.first.map { $0.fields.map { $0.trimmingSpaces } } ?? []
        rows = Array(all.dropFirst())
    }

    /// The header names that a reader needs and this file lacks.
    public func missingColumns(_ required: [String]) -> [String] {
        required.filter { !header.contains($0) }
    }

    /// The value in `column` of `row`, trimmed; empty when the row is short.
    public func value(_ column: String, in row: Row) -> String {
        guard let index = header.firstIndex(of: column), index < row.fields.count else { return "" }
        return row.fields[index].trimmingSpaces
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
