import Testing
@testable import TandemCore

@Suite struct StateNameResolverTests {
    let resolver = Fixtures.resolver

    @Test(arguments: [
        ("Côte d'Ivoire", "CIV"), ("cote d’ivoire", "CIV"), ("COTE DIVOIRE", "CIV"), ("Ivory Coast", "CIV"),
        ("Islamic Republic of Iran", "IRN"), ("iran (islamic republic of)", "IRN"),
        ("Royaume-Uni", "GBR"), ("United Kingdom", "GBR"), ("reino unido", "GBR"),
        ("Turquía", "TUR"), ("turkey", "TUR"), ("Sao Tome and Principe", "STP"), ("Santo Tomé y Príncipe", "STP"),
        ("gbr", "GBR"), ("  Ghana  ", "GHA"), ("Allemagne", "DEU"),
    ])
    func resolvesAnyNameOrAlias(name: String, iso3: String) {
        #expect((try? resolver.resolve(name).get())?.iso3 == iso3)
    }

    @Test func suggestsTheClosestNamesForAnUnknownOne() {
        guard case .failure(.unknown(let name, let suggestions)) = resolver.resolve("Nigerai") else {
            Issue.record("a misspelled name resolved")
            return
        }
        #expect(name == "Nigerai")
        #expect(suggestions.contains("Nigeria"))
        #expect(suggestions.count <= 3)
    }

    @Test func ranksASwappedPairOfLettersClosest() {
        #expect(resolver.suggestions(for: "Ugnada").first == "Uganda")
        #expect(StateNameResolver.editDistance("ugnada", "uganda") == 1)
        #expect(StateNameResolver.editDistance("ugnada", "canada") == 2)
        #expect(StateNameResolver.editDistance("", "abc") == 3)
    }

    @Test func offersNothingForGibberish() {
        guard case .failure(.unknown(_, let suggestions)) = resolver.resolve("Qwxzzy Plorkistan Federation") else {
            Issue.record("gibberish resolved")
            return
        }
        #expect(suggestions.isEmpty)
    }

    @Test func everyNameInTheProgrammeFilesResolves() {
        for file in ["mpp-partnerships-2012-2019.csv", "mpp-participants-2012-2019.csv"] {
            let table = CSVTable(parsing: Fixtures.text(file))
            let columns = table.header.filter { ["mentor", "mentee", "first_visit_host", "return_visit_host", "state_party"].contains($0) }
            #expect(!columns.isEmpty)
            for row in table.rows {
                for column in columns {
                    let name = table.value(column, in: row)
                    #expect((try? resolver.resolve(name).get()) != nil, "\(file):\(row.line) \(name)")
                }
            }
        }
    }

    @Test func normalisingFoldsCaseAccentsAndPunctuation() {
        #expect(StateNameResolver.normalise("  Bolivia (Plurinational State of) ") == "bolivia plurinational state of")
        #expect(StateNameResolver.normalise("Timor-Leste") == "timor leste")
        #expect(StateNameResolver.normalise("Côte d’Ivoire") == StateNameResolver.normalise("cote d'ivoire"))
    }
}
