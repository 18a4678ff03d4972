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

        @Test func oneThingIsCountedInTheSingularWhereTheFilesHaveIt() {
            let localizer = Localizer(tables: [.en: ["visits": "{count} visits in {year}", "visits_one": "1 visit in {year}", "states": "{count} states"],
                                               .fr: ["visits": "{count} visites en {year}", "visits_one": "1 visite en {year}", "states": "{count} États"]])
            #expect(localizer.text("visits", .en, count: 1, ["year": "2026"]) == "1 visit in 2026")
            #expect(localizer.text("visits", .en, count: 0, ["year": "2026"]) == "0 visits in 2026")
            #expect(localizer.text("visits", .fr, count: 2, ["year": "2026"]) == "2 visites en 2026")
            #expect(localizer.text("states", .en, count: 1) == "1 states")
        }

        @Test func aChartLabelTooLongForALineTakesTwoAndIsNeverCut() {
            let name = "United Kingdom of Great Britain and Northern Ireland"
            let lines = BarChart.lines(name, length: 44)
            #expect(lines == ["United Kingdom of Great Britain and Northern", "Ireland"])
            #expect(BarChart.lines("Ghana", length: 44) == ["Ghana"])
            let svg = BarChart(id: "c", title: "T", summary: "S", bars: [.init(label: name, value: 3)]).svg
            #expect(svg.contains(">United Kingdom of Great Britain and Northern</tspan>") && svg.contains(">Ireland</tspan>") && !svg.contains("…"))
        }

        @Test func fillsEachPlaceholderOnceWithWhatWasGiven() {
            let localizer = Localizer(tables: [.en: ["greeting": "{name} has {count} {things}; {name} again", "plain": "No braces"]])
            #expect(localizer.text("greeting", .en, ["name": "Ghana", "count": "3"]) == "Ghana has 3 {things}; Ghana again")
            // A value is not read again for placeholders of its own.
            #expect(localizer.text("greeting", .en, ["name": "{count}", "count": "2", "things": "reports"]) == "{count} has 2 reports; {count} again")
            #expect(localizer.text("plain", .en, ["name": "x"]) == "No braces")
        }

        @Test func aSessionSecretIsStoredAsItsSHA256InLowerCaseHex() {
            #expect(SecretToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            #expect(SecretToken.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        }
    }
}
