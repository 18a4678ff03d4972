import Foundation
import TandemCore
import Vapor

/// The application form page: every input with its name, value and the problem beside it, built here so
/// the template only lays them out.
struct ApplicationEditor: Encodable {
    struct Field: Encodable {
        let name: String
        let id: String
        let label: String
        let value: String
        let error: String?
        let long: Bool
        /// A choice rather than text: the indicator's measure, and a qualitative indicator's baseline and target.
        var options: [SelectOption]? = nil
    }

    /// A button that removes a row, and where the page comes back to: the row that takes its place, else the one
    /// before, else the list's "Add" button, so that removing one of many never drops the writer at the top of the page.
    struct Removal: Encodable {
        let action: String
        let label: String
        let anchor: String

        /// The removal of row `index` of a list whose rows have `ids`; `fallback` is the list's "Add" button.
        init(_ action: String, label: String, index: Int, of ids: [String], fallback: String) {
            self.action = action
            self.label = label
            anchor = index + 1 < ids.count ? ids[index] : index > 0 ? ids[index - 1] : fallback
        }
    }

    /// An expected result or an indicator: its fields as one removable row.
    struct Row: Encodable {
        let id: String
        let title: String
        let fields: [Field]
        let remove: Removal
    }

    struct ResultEditor: Encodable {
        let id: String
        let level: String
        /// The statement, as a list so that the template draws it as it draws every field.
        let fields: [Field]
        let indicators: [Row]
        let addIndicator: String
        let addIndicatorID: String
        let error: String?
        let remove: Removal
    }

    /// An area's outputs, or its outcomes, with the button that adds one.
    struct ResultList: Encodable {
        let results: [ResultEditor]
        let addAction: String
        let addID: String
        let addLabel: String
    }

    struct AreaEditor: Encodable {
        let id: String
        let index: Int
        let number: Int
        let keyName: String
        let keyID: String
        let keys: [SelectOption]
        /// The area's name when it is one of the applicant's own, as a list for the same reason.
        let fields: [Field]
        let lists: [ResultList]
        let error: String?
        let remove: Removal
    }

    /// A section of the form in the navigation: how much of it remains before the application can be submitted.
    struct SectionStatus: Encodable {
        let number: Int
        let title: String
        let href: String
        let complete: Bool
        let status: String
    }

    struct AreaChoice: Encodable {
        let name: String
        let id: String
        let label: String
        let mandatory: Bool
        let levels: [SelectOption]
    }

    let csrf: String
    let limits = FormLimits()
    let id: String
    /// Sent back with every save, so a save over someone else's newer one is refused.
    let version: Int
    let state: String
    let call: String
    let status: String
    let notice: String?
    let problems: [ChecklistLine]
    let errors: [String: String]
    /// What the fields show, by name: the form's values, or what was typed when it could not be kept.
    var values: [String: String]
    let modes: [SelectOption]
    let seeks: Bool
    let offers: Bool
    let previousRequired: Bool
    let sponsorship: [SelectOption]
    let agreement: [SelectOption]
    let needs: [AreaChoice]
    let expertise: [AreaChoice]
    let partners: [SelectOption]
    let languages: [SelectOption]
    let expected: [Row]
    let areas: [AreaEditor]
    let sections: [SectionStatus]
    /// "3 of 5 sections complete".
    let progress: String
    let complete: Int
    let total: Int
    /// "What remains before the application can be submitted (11)".
    let remaining: String
    /// The checklist as an error summary, after an attempt to submit; otherwise a quiet list of what remains.
    let showErrors: Bool
    let signedForm: Bool
    let signedForms: [SignedForms.Line]
    /// Why the last upload was refused, shown by the file field.
    var uploadError: String? = nil
    /// Refused because someone else saved meanwhile: the page opens at its notice, wherever the button pointed.
    var stale = false

    /// An indicator's fields as the forms draw them, `field` making each from its key, value and label: its measure as a
    /// choice, and for a qualitative indicator its baseline and target as steps of the status scale and no unit.
    static func indicatorFields(_ indicator: Indicator, _ l: Localizer, _ language: Language,
                                field: (_ key: String, _ value: String, _ label: String) -> Field) -> [Field] {
        var measure = field("measure", indicator.measure.rawValue, "application_indicator_measure")
        measure.options = IndicatorMeasure.allCases.map {
            SelectOption(value: $0.rawValue, label: l.text("indicator_measure_" + $0.rawValue, language), selected: $0 == indicator.measure)
        }
        var baseline = field("baseline", indicator.baseline, "application_baseline")
        var target = field("target", indicator.target, "application_target")
        var unit: [Field] = [field("unit", indicator.unit, "application_unit")]
        if indicator.measure == .status {
            baseline.options = l.indicatorStatuses(indicator.baseline, language)
            target.options = l.indicatorStatuses(indicator.target, language)
            unit = []
        }
        return [field("description", indicator.description, "application_indicator"), measure, baseline, target] + unit
            + [field("meansOfVerification", indicator.meansOfVerification, "application_verification")]
    }

    /// `showErrors`: beside the fields only after an attempt to submit; before, the checklist is enough.
    static func make(_ application: ApplicationModel, form: ApplicationForm, problems: [ApplicationProblem], notice: String?,
                     showErrors: Bool, savedMeanwhile: [String: String] = [:], _ req: Request) async throws -> ApplicationEditor {
        let language = req.language
        let l = req.localizer
        func t(_ key: String) -> String { l.text(key, language) }
        func t(_ key: String, _ number: Int, of total: Int? = nil) -> String {
            l.text(key, language, ["number": String(number), "total": total.map(String.init) ?? ""])
        }
        let call = try application.call.value()
        let checklist = ApplicationChecklist(localizer: l, language: language, form: form)
        var byField: [String: String] = [:]
        for problem in problems where byField[problem.field] == nil && showErrors {
            byField[problem.field] = checklist.message(problem)
        }
        // What another person saved meanwhile goes where a problem would, beside the field it concerns.
        for (field, saved) in savedMeanwhile {
            byField[field] = l.text(saved.isEmpty ? "change_saved_meanwhile_empty" : "change_saved_meanwhile", language, ["value": saved])
        }
        // Problems of a list's item are shown beside the list too, under its name.
        var flat: [String: String] = [:]
        for (field, message) in byField {
            let base = String(field.prefix { $0 != "[" && $0 != "." })
            if flat[base] == nil { flat[base] = message }
        }
        func field(_ name: String, _ path: String, _ label: String, _ value: String, long: Bool = false) -> Field {
            Field(name: name, id: "f-" + path.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined(), label: t(label), value: value,
                  error: byField[path], long: long)
        }
        func yesNo(_ value: Bool?) -> [SelectOption] {
            [SelectOption(value: "yes", label: t("answer_yes"), selected: value == true),
             SelectOption(value: "no", label: t("answer_no"), selected: value == false)]
        }
        func choices(_ list: [AreaLevel], _ name: String, mandatoryShown: Bool) -> [AreaChoice] {
            call.thematicAreas.map { area in
                let level = list.first { $0.key == area.key }?.level
                return AreaChoice(name: "\(name)[\(area.key)]", id: "f-\(name)-\(area.key)", label: l.text("thematic_area_" + area.key, language),
                                  mandatory: mandatoryShown && area.mandatoryForMentees,
                                  levels: [SelectOption(value: "", label: "—", selected: level == nil)] + (1...3).map {
                                      SelectOption(value: String($0), label: l.text("application_level_choice_\($0)", language), selected: level == $0)
                                  })
            }
        }
        let eligibility = try await req.applications.check(application).eligibility
        var requiresAssessment = false
        if case .eligibleWithResultsAssessment = eligibility { requiresAssessment = true }
        let values: [String: String] = [
            "nationalAuthority": form.nationalAuthority, "contactPerson": form.contactPerson, "phone": form.phone,
            "emails": form.emails.joined(separator: ", "), "motivation": form.motivation, "needsAssessment": form.needsAssessment,
            "needsJustification": form.needsJustification, "actionPlanStatus": form.actionPlanStatus,
            "contributionToPlan": form.contributionToPlan, "experience": form.experience,
            "previousResultsAssessment": form.previousResultsAssessment,
            "firstVisitFrom": form.firstVisitFrom?.description ?? "", "firstVisitTo": form.firstVisitTo?.description ?? "",
            "headName": form.headName, "headTitle": form.headTitle, "signedOn": form.signedOn?.description ?? "",
        ]
        let known = call.thematicAreas.map(\.key)
        let expectedIDs = form.expectedResults.indices.map { "expected-\($0)" }
        let areaIDs = form.resultsFramework.areas.indices.map { "area-\($0)" }
        let seeks = form.mode?.seeks ?? true
        // Until the mode is chosen, what sections 2 and 4 ask is not known: section 4 is not called complete before then.
        let sections: [SectionStatus] = (1...5).filter { $0 != 4 || seeks }.map { number in
            let remaining = Set(problems.filter { $0.section == number }.map(\.field)).count
            let waiting = number == 4 && form.mode == nil
            return SectionStatus(number: number, title: t("application_section_\(number)"), href: "#section-\(number)",
                                 complete: remaining == 0 && !waiting,
                                 status: waiting ? t("application_section_after_mode")
                                     : remaining == 0 ? t("application_section_complete")
                                     : l.text("application_section_remaining", language, count: remaining))
        }
        return ApplicationEditor(
            csrf: req.csrfToken, id: try application.requireID().uuidString, version: application.version, state: req.states.name(application.stateISO3, in: language),
            call: call.title(in: language), status: t("application_status_" + application.status), notice: notice,
            problems: checklist.lines(problems),
            errors: flat, values: values,
            modes: PartnershipMode.allCases.map {
                SelectOption(value: $0.rawValue, label: t("application_mode_" + $0.rawValue), selected: $0 == form.mode)
            },
            seeks: seeks, offers: form.mode?.offers ?? true, previousRequired: requiresAssessment,
            sponsorship: yesNo(form.sponsorshipRequired), agreement: yesNo(form.partnerAgreementSought),
            needs: choices(form.needs, "needs", mandatoryShown: true), expertise: choices(form.expertise, "expertise", mandatoryShown: false),
            partners: req.states.search(nil, group: nil, language: language).filter { $0.iso3 != application.stateISO3 }.map {
                SelectOption(value: $0.iso3, label: $0.name(in: language), selected: form.preferredPartners.contains($0.iso3))
            },
            languages: ApplicationForm.workingLanguageCodes.map {
                SelectOption(value: $0, label: l.text("un_language_" + $0, language), selected: form.workingLanguages.contains($0))
            },
            expected: form.expectedResults.enumerated().map { index, result in
                Row(id: expectedIDs[index], title: "\(t("application_expected_result")) \(index + 1)",
                    fields: [field("expectedResults[\(index)][description]", "expectedResults[\(index)].description", "application_expected_result",
                                   result.description, long: true),
                             field("expectedResults[\(index)][meansOfVerification]", "expectedResults[\(index)].meansOfVerification",
                                   "application_verification", result.meansOfVerification)],
                    remove: Removal("remove_expected:\(index)", label: t("application_remove_expected", index + 1), index: index, of: expectedIDs,
                                    fallback: "add-expected"))
            },
            areas: form.resultsFramework.areas.enumerated().map { a, plan in
                func list(_ results: [PlannedResult], _ level: ResultLevel) -> ResultList {
                    let addID = "add-\(level.rawValue)-\(a)"
                    let ids = results.indices.map { "area-\(a)-\(level.rawValue)-\($0)" }
                    return ResultList(results: results.enumerated().map { r, result in
                        let name = "areas[\(a)][\(level.rawValue)s][\(r)]"
                        let path = "resultsFramework.areas[\(a)].\(level.rawValue)s[\(r)]"
                        let addIndicatorID = "add-indicator-\(a)-\(level.rawValue)-\(r)"
                        let indicatorIDs = result.indicators.indices.map { "\(ids[r])-indicator-\($0)" }
                        return ResultEditor(
                            id: ids[r], level: "\(t("application_level_" + level.rawValue)) \(r + 1)",
                            fields: [field(name + "[statement]", path + ".statement", "application_result_statement", result.statement)],
                            indicators: result.indicators.enumerated().map { i, indicator in
                                Row(id: indicatorIDs[i], title: "\(t("application_indicator")) \(i + 1)",
                                    fields: Self.indicatorFields(indicator, l, language) { key, value, label in
                                        field("\(name)[indicators][\(i)][\(key)]", "\(path).indicators[\(i)].\(key)", label, value)
                                    },
                                    remove: Removal("remove_indicator:\(a):\(level.rawValue):\(r):\(i)", label: t("application_remove_indicator", i + 1),
                                                    index: i, of: indicatorIDs, fallback: addIndicatorID))
                            },
                            addIndicator: "add_indicator:\(a):\(level.rawValue):\(r)", addIndicatorID: addIndicatorID,
                            error: byField[path + ".indicators"],
                            remove: Removal("remove_\(level.rawValue):\(a):\(r)", label: t("application_remove_" + level.rawValue, r + 1),
                                            index: r, of: ids, fallback: addID))
                    }, addAction: "add_\(level.rawValue):\(a)", addID: addID, addLabel: t("application_add_" + level.rawValue))
                }
                return AreaEditor(
                    id: areaIDs[a], index: a, number: a + 1, keyName: "areas[\(a)][key]", keyID: "f-areas-\(a)-key",
                    keys: [SelectOption(value: "", label: "—", selected: plan.key.isEmpty)]
                        + known.map { SelectOption(value: $0, label: l.text("thematic_area_" + $0, language), selected: $0 == plan.key) }
                        + [SelectOption(value: plan.key.isEmpty || known.contains(plan.key) ? "own_area_\(a + 1)" : plan.key,
                                        label: t("application_own_area"), selected: !plan.key.isEmpty && !known.contains(plan.key))],
                    fields: [field("areas[\(a)][customName]", "resultsFramework.areas[\(a)].customName", "application_own_area_name", plan.customName)],
                    lists: [list(plan.outputs, .output), list(plan.outcomes, .outcome)],
                    error: byField["resultsFramework.areas[\(a)]"] ?? byField["resultsFramework.\(plan.key)"],
                    remove: Removal("remove_area:\(a)", label: t("application_remove_area", a + 1), index: a, of: areaIDs, fallback: "add-area"))
            },
            sections: sections, progress: t("application_progress", sections.filter(\.complete).count, of: sections.count),
            complete: sections.filter(\.complete).count, total: sections.count,
            remaining: l.text("application_remaining", language, count: checklist.lines(problems).count), showErrors: showErrors,
            signedForm: application.signedFormFile != nil,
            signedForms: try SignedForms.lines(try await SignedForms.versions(of: application, on: req.db), of: application, req))
    }
}
