/// The most a person may type into the long forms: far more than any real answer needs, little enough that
/// nothing typed can swell a page, a stored document or an export without end. Checked on every save, a draft's
/// too (nothing is written until the form is within them), each problem beside its field; counted in characters
/// as a person sees them. (The report's message, `report_text_too_long`, gives the two text bounds in words.)
public enum FormBounds {
    /// A name, a title, a telephone number, an indicator's baseline, target or unit.
    public static let shortText = 300
    /// A narrative answer: a motivation, an analysis, a statement of results.
    public static let longText = 20_000
    /// Entries in any one list: addresses, areas, results, indicators, partners.
    public static let listEntries = 50

    /// The problem with `text` in `field`, if it is longer than `limit`.
    static func text(_ text: String, _ limit: Int, section: Int, field: String) -> ApplicationProblem? {
        text.count > limit ? .init(section: section, field: field, key: "form_text_too_long", values: ["max": String(limit)]) : nil
    }

    /// The problem with a list in `field`, if it has more than `listEntries` entries.
    static func list<T>(_ list: [T], section: Int, field: String) -> ApplicationProblem? {
        list.count > listEntries ? .init(section: section, field: field, key: "form_list_too_long", values: ["max": String(listEntries)]) : nil
    }
}

extension ApplicationForm {
    /// The six official languages of the United Nations, by their ISO 639-1 codes: the working languages a
    /// National Authority may name.
    public static let workingLanguageCodes = ["en", "fr", "es", "ar", "ru", "zh"]

    /// Every field past its bound, or holding what the form cannot hold (a level outside 1-3, a language or a
    /// State Party code that cannot be one), named as the form and the API name it.
    public var boundProblems: [ApplicationProblem] {
        var problems: [ApplicationProblem?] = []
        func short(_ value: String, _ section: Int, _ field: String) { problems.append(FormBounds.text(value, FormBounds.shortText, section: section, field: field)) }
        func long(_ value: String, _ section: Int, _ field: String) { problems.append(FormBounds.text(value, FormBounds.longText, section: section, field: field)) }
        func list<T>(_ value: [T], _ section: Int, _ field: String) { problems.append(FormBounds.list(value, section: section, field: field)) }

        short(nationalAuthority, 1, "nationalAuthority")
        short(contactPerson, 1, "contactPerson")
        short(phone, 1, "phone")
        list(emails, 1, "emails")
        // The web form has one field for every address, so a long one is shown there.
        for email in emails { short(email, 1, "emails") }

        for (field, text) in [("motivation", motivation), ("needsAssessment", needsAssessment), ("needsJustification", needsJustification),
                              ("actionPlanStatus", actionPlanStatus), ("contributionToPlan", contributionToPlan), ("experience", experience),
                              ("previousResultsAssessment", previousResultsAssessment)] {
            long(text, 2, field)
        }
        for (field, levels) in [("needs", needs), ("expertise", expertise)] {
            list(levels, 2, field)
            for (index, level) in levels.enumerated() {
                short(level.key, 2, "\(field)[\(index)].key")
                // Levels are 1 to 3 on the form; anything else cannot be stored, draft or not.
                if !(1...3).contains(level.level) {
                    problems.append(.init(section: 2, field: "\(field)[\(index)].level", key: "application_level_range"))
                }
            }
        }

        list(preferredPartners, 3, "preferredPartners")
        for (index, partner) in preferredPartners.enumerated() {
            short(partner, 3, "preferredPartners[\(index)]")
            if !(partner.count == 3 && partner.allSatisfy { $0.isASCII && $0.isLetter }) {
                problems.append(.init(section: 3, field: "preferredPartners[\(index)]", key: "application_partner_code"))
            }
        }
        list(workingLanguages, 3, "workingLanguages")
        for (index, language) in workingLanguages.enumerated() where !ApplicationForm.workingLanguageCodes.contains(language) {
            problems.append(.init(section: 3, field: "workingLanguages[\(index)]", key: "application_language_unknown",
                                  values: ["codes": ApplicationForm.workingLanguageCodes.joined(separator: ", ")]))
        }

        list(expectedResults, 4, "expectedResults")
        for (index, result) in expectedResults.enumerated() {
            long(result.description, 4, "expectedResults[\(index)].description")
            long(result.meansOfVerification, 4, "expectedResults[\(index)].meansOfVerification")
        }
        list(resultsFramework.areas, 4, "resultsFramework")
        for (a, area) in resultsFramework.areas.enumerated() {
            let path = "resultsFramework.areas[\(a)]"
            short(area.key, 4, path + ".key")
            short(area.customName, 4, path + ".customName")
            for (level, results) in [("output", area.outputs), ("outcome", area.outcomes)] {
                list(results, 4, path)
                for (r, result) in results.enumerated() {
                    let resultPath = "\(path).\(level)s[\(r)]"
                    long(result.statement, 4, resultPath + ".statement")
                    list(result.indicators, 4, resultPath + ".indicators")
                    for (i, indicator) in result.indicators.enumerated() {
                        long(indicator.description, 4, "\(resultPath).indicators[\(i)].description")
                        long(indicator.meansOfVerification, 4, "\(resultPath).indicators[\(i)].meansOfVerification")
                        for (name, value) in [("baseline", indicator.baseline), ("target", indicator.target), ("unit", indicator.unit)] {
                            short(value, 4, "\(resultPath).indicators[\(i)].\(name)")
                        }
                    }
                }
            }
        }

        short(headName, 5, "headName")
        short(headTitle, 5, "headTitle")
        return problems.compactMap { $0 }
    }
}

extension ReportForm {
    /// Every field past its bound, by the report form's field names (`value_PATH` for an indicator's value).
    public var boundProblems: [String: String] {
        var problems: [String: String] = [:]
        for (field, text) in [("activities", activities), ("participants", participants), ("analysis", analysis),
                              ("recommendations", recommendations), ("nextSteps", nextSteps),
                              ("legislationChanges", legislationChanges), ("implementationChanges", implementationChanges)] {
            if text.count > FormBounds.longText { problems[field] = "report_text_too_long" }
        }
        for (path, value) in values {
            // The comment sits beside the value, so both answer by the value.
            if value.actual.count > FormBounds.shortText || value.comment.count > FormBounds.longText {
                problems["value_" + path.description] = "report_text_too_long"
            }
        }
        return problems
    }
}
