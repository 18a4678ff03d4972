import Testing
@testable import TandemCore

struct CSVWriterTests {
    @Test func aFieldThatASpreadsheetWouldRunIsKeptAsTextButANegativeFigureStaysANumber() {
        #expect(CSVWriter.escape("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVWriter.escape("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.escape("+5") == "'+5")
        #expect(CSVWriter.escape("-2+3 Zed") == "'-2+3 Zed")
        #expect(CSVWriter.escape("-1-1") == "'-1-1")
        #expect(CSVWriter.escape("-") == "'-")
        #expect(CSVWriter.escape("-.5") == "'-.5")
        #expect(CSVWriter.escape("-12") == "-12")
        #expect(CSVWriter.escape("-2490.50") == "-2490.50")
        #expect(CSVWriter.escape("Mexico, Peru") == "\"Mexico, Peru\"")
    }
}
