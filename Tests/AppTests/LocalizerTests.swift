import Testing
import TandemCore
@testable import App

extension AppTests {
    @Suite struct FormattingTests {
        @Test func writesDaysTheWayEachLanguageDoes() throws {
            let day = try #require(CivilDate(iso: "2016-09-05"))
            let first = try #require(CivilDate(iso: "2019-12-01"))
            #expect(Language.en.format(day) == "5 September 2016")
            #expect(Language.fr.format(day) == "5 septembre 2016")
            #expect(Language.fr.format(first) == "1er décembre 2019")
            #expect(Language.es.format(day) == "5 de septiembre de 2016")
        }

        @Test func writesNumbersAndPercentagesTheWayEachLanguageDoes() {
            #expect(Language.en.format(1234) == "1,234")
            #expect(Language.fr.format(1234).filter(\.isNumber) == "1234")
            #expect(Language.fr.format(1234) != "1,234")
            #expect(Language.en.formatPercent(17) == "17%")
            #expect(Language.fr.formatPercent(17) == "17\u{202F}%")
        }
    }
}
