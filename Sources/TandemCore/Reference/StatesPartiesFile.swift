/// Reads the States Parties reference file (`states-parties.csv`).
public enum StatesPartiesFile {
    public static let columns = ["iso2", "iso3", "m49", "name_en", "name_fr", "name_es", "opcw_regional_group",
                                 "un_m49_region", "un_m49_subregion", "languages", "aliases"]

    /// Every State Party in the file, or every problem with it at once.
    public static func parse(_ text: String, file: String = "states-parties.csv") -> Result<[StateParty], ImportProblems> {
        let table = CSVTable(parsing: text)
        let missing = table.missingColumns(columns)
        guard missing.isEmpty else {
            return .failure(ImportProblems([ImportProblem(file: file, line: 1, column: missing.joined(separator: ", "),
                                                          reason: "missing column")]))
        }
        var states: [StateParty] = []
        var problems: [ImportProblem] = []
        var seen: [String: Int] = [:]
        for row in table.rows {
            let value = { (column: String) in table.value(column, in: row) }
            let iso3 = value("iso3").uppercased()
            guard iso3.count == 3, iso3.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                problems.append(ImportProblem(file: file, line: row.line, column: "iso3", reason: "not an ISO 3166 alpha-3 code: \"\(iso3)\""))
                continue
            }
            guard let group = RegionalGroup(matching: value("opcw_regional_group")) else {
                problems.append(ImportProblem(file: file, line: row.line, column: "opcw_regional_group",
                                              reason: "unknown regional group \"\(value("opcw_regional_group"))\""))
                continue
            }
            if let first = seen[iso3] {
                problems.append(ImportProblem(file: file, line: row.line, column: "iso3", reason: "duplicate of line \(first)"))
                continue
            }
            seen[iso3] = row.line
            states.append(StateParty(
                iso2: value("iso2").uppercased(), iso3: iso3, m49: value("m49"),
                nameEN: value("name_en"), nameFR: value("name_fr"), nameES: value("name_es"),
                regionalGroup: group, region: value("un_m49_region"), subregion: value("un_m49_subregion"),
                languages: list(value("languages")), aliases: list(value("aliases"))))
        }
        return problems.isEmpty ? .success(states) : .failure(ImportProblems(problems))
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ";").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }
}
