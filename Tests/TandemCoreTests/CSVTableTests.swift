import Testing
@testable import TandemCore

@Suite struct CSVTableTests {
    @Test func readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        let table = CSVTable(parsing: "a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows.map(\.fields) == [["1", "x, y", "say \"hi\""], ["2", "two\nlines", "z"]])
    }

    @Test func remembersTheLineEachRowStartsOn() {
        let table = CSVTable(parsing: "a,b\n1,\"multi\nline\"\n\n3,x\r\n4,y")
        #expect(table.rows.map(\.line) == [2, 5, 6])
    }

    @Test func dropsAByteOrderMarkAndTrimsValues() {
        let table = CSVTable(parsing: "\u{FEFF}name, code\n Ghana , GHA ")
        #expect(table.header == ["name", "code"])
        #expect(table.value("name", in: table.rows[0]) == "Ghana")
        #expect(table.value("missing", in: table.rows[0]) == "")
        #expect(table.missingColumns(["name", "iso3"]) == ["iso3"])
    }
}
