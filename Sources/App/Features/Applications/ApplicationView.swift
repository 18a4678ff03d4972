import Foundation
import TandemCore
import Vapor

/// An application as its pages show it: each section's answers in the reader's language, its checklist and
/// its status history.
struct ApplicationView: Encodable {
    struct Section: Encodable {
        let number: Int
        let title: String
        let rows: [LabelValue]
    }

    struct AreaView: Encodable {
        struct ResultView: Encodable {
            let level: String
            let statement: String
            let indicators: [[LabelValue]]
        }
        let name: String
        let results: [ResultView]
    }

    struct HistoryView: Encodable {
        let at: String
        let by: String
        let change: String
        let reasons: [LabelValue]
    }

    let id: String
    let state: String
    let call: String
    let status: String
    let onBehalf: Bool
    let submitted: String?
    let sections: [Section]
    let framework: [AreaView]
    let problems: [ChecklistLine]
    let history: [HistoryView]
    /// Every upload of the signed form, newest first.
    let signedForms: [SignedForms.Line]
    /// The latest, shown in the page: a PDF framed, an image as an image.
    let signedFormInline: String?
    let signedFormIsImage: Bool

    static func make(_ application: ApplicationModel, _ req: Request) async throws -> ApplicationView {
        let language = req.language
        let l = req.localizer
        func t(_ key: String) -> String { l.text(key, language) }
        let form = try application.value()
        let call = try application.call.value()
        func area(_ key: String) -> String { l.text("thematic_area_" + key, language) }
        func levels(_ list: [AreaLevel]) -> String {
            list.map { "\(area($0.key)) (\($0.level))" }.joined(separator: "; ")
        }
        func yesNo(_ value: Bool?) -> String { value.map { t($0 ? "answer_yes" : "answer_no") } ?? "—" }
        func row(_ key: String, _ value: String) -> LabelValue { LabelValue(label: t(key), value: value.isEmpty ? "—" : value) }
        let seeks = form.mode?.seeks == true
        let offers = form.mode?.offers == true
        var justification = [row("application_motivation", form.motivation)]
        if seeks {
            justification += [row("application_needs_assessment", form.needsAssessment), row("application_needs_justification", form.needsJustification),
                              row("application_action_plan_status", form.actionPlanStatus), row("application_contribution", form.contributionToPlan),
                              row("application_needs", levels(form.needs))]
            if !form.previousResultsAssessment.isEmpty { justification.append(row("application_previous_results", form.previousResultsAssessment)) }
        }
        if offers { justification += [row("application_expertise", levels(form.expertise)), row("application_experience", form.experience)] }
        var sections = [
            Section(number: 1, title: t("application_section_1"), rows: [
                row("authority_name", form.nationalAuthority), row("column_state", req.states.name(application.stateISO3, in: language)),
                row("application_contact_person", form.contactPerson), row("authority_phone", form.phone),
                row("account_email", form.emails.joined(separator: ", ")),
                row("application_mode", form.mode.map { t("application_mode_" + $0.rawValue) } ?? ""),
                row("application_sponsorship", yesNo(form.sponsorshipRequired)),
            ]),
            Section(number: 2, title: t("application_section_2"), rows: justification),
            Section(number: 3, title: t("application_section_3"), rows: [
                row("application_partners", form.preferredPartners.map { req.states.name($0, in: language) }.joined(separator: ", ")),
                row("application_agreement_sought", yesNo(form.partnerAgreementSought)),
                row("application_languages", form.workingLanguages.map { l.text("un_language_" + $0, language) }.joined(separator: ", ")),
                row("application_first_visit", [form.firstVisitFrom, form.firstVisitTo].compactMap { $0.map(language.format) }.joined(separator: " – ")),
            ]),
        ]
        if seeks {
            sections.append(Section(number: 4, title: t("application_section_4"), rows: form.expectedResults.map {
                LabelValue(label: $0.description, value: $0.meansOfVerification)
            }))
        }
        sections.append(Section(number: 5, title: t("application_section_5"), rows: [
            row("application_head_name", form.headName), row("application_head_title", form.headTitle),
            row("application_signed_on", form.signedOn.map(language.format) ?? ""),
            row("application_signed_form", application.signedFormType.map { _ in t("answer_yes") } ?? t("answer_no")),
        ]))
        let known = Set(call.thematicAreas.map(\.key))
        let framework = seeks ? form.resultsFramework.areas.map { plan in
            AreaView(name: known.contains(plan.key) ? area(plan.key) : plan.customName,
                     results: ResultLevel.allCases.flatMap { level in
                         (level == .output ? plan.outputs : plan.outcomes).map { result in
                             AreaView.ResultView(level: t("application_level_" + level.rawValue), statement: result.statement,
                                                 indicators: result.indicators.map {
                                                     [row("application_indicator", $0.description),
                                                      row("application_indicator_measure", t("indicator_measure_" + $0.measure.rawValue)),
                                                      row("application_baseline", l.indicatorValue($0.baseline, language)),
                                                      row("application_target", l.indicatorValue($0.target, language))]
                                                     + ($0.measure == .quantity ? [row("application_unit", $0.unit)] : [])
                                                     + [row("application_verification", $0.meansOfVerification)]
                                                 })
                         }
                     })
        } : []
        let problems = try application.applicationStatus.isEditable
            ? ApplicationChecklist(localizer: l, language: language, form: form, page: "/applications/\(try application.requireID().uuidString)/edit")
                .lines(try await req.applications.check(application).problems(form)) : []
        let uploads = try await SignedForms.versions(of: application, on: req.db)
        let id = try application.requireID().uuidString
        return ApplicationView(
            id: try application.requireID().uuidString, state: req.states.name(application.stateISO3, in: language), call: call.title(in: language),
            status: t("application_status_" + application.status), onBehalf: application.onBehalf,
            submitted: application.submittedAt.map { language.formatMoment($0) },
            sections: sections, framework: framework, problems: problems,
            history: try await req.applications.history(application).map { change in
                let reasons = (try? JSONDecoder().decode([String: String].self, from: Data(change.reasons.utf8))) ?? [:]
                return HistoryView(
                    at: change.at.map { language.formatMoment($0) } ?? "", by: change.by,
                    change: t("application_status_" + change.fromStatus) + " → " + t("application_status_" + change.toStatus),
                    reasons: reasons.sorted { $0.key < $1.key }.map {
                        LabelValue(label: Self.reasonLabel($0.key, l, language), value: $0.value)
                    })
            },
            signedForms: try SignedForms.lines(uploads, of: application, req), 
            signedFormInline: uploads.isEmpty ? nil : "/applications/\(id)/signed-form",
            signedFormIsImage: uploads.last.map { $0.type != UploadType.pdf.rawValue } ?? false)
    }

    /// A reason is kept by section number, or as the Secretariat's general one, or as the state's for withdrawing.
    static func reasonLabel(_ key: String, _ l: Localizer, _ language: Language) -> String {
        switch key {
        case "general": l.text("review_general", language)
        case "withdrawal": l.text("application_withdrawal_reason", language)
        default: l.text("review_section", language, ["section": key])
        }
    }
}
