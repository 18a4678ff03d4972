import Foundation
import TandemCore
import Vapor

/// The call's two annexes, drawn from the call itself in the reader's language, to print: the application form
/// (for a state that fills it on paper, then signs and seals it) and the results framework template with the
/// call's thematic areas.
struct CallAnnexesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let calls = routes.grouped("programme", "calls")
        calls.get(":slug", "annex-1", use: applicationForm)
        calls.get(":slug", "annex-2", use: resultsFramework)
    }

    struct Section: Encodable {
        let number: Int
        let title: String
        let note: String?
        let fields: [String]
    }

    struct FormPage: Encodable {
        let call: String
        let reference: String
        let annex: String
        let sections: [Section]
    }

    struct AreaRow: Encodable {
        let name: String
        let mandatory: Bool
    }

    struct FrameworkPage: Encodable {
        let call: String
        let reference: String
        let annex: String
        let areas: [AreaRow]
    }

    @Sendable func applicationForm(req: Request) async throws -> View {
        let call = try await CallsController.call(req)
        func t(_ key: String) -> String { req.localizer.text(key, req.language) }
        let sections = [
            Section(number: 1, title: t("application_section_1"), note: nil, fields: [
                "authority_name", "column_state", "application_contact_person", "authority_phone", "application_emails", "application_mode",
                "application_sponsorship",
            ].map(t)),
            Section(number: 2, title: t("application_section_2"), note: nil, fields: [
                "application_motivation", "application_needs_assessment", "application_needs_justification", "application_action_plan_status",
                "application_contribution", "application_needs", "application_expertise", "application_experience",
            ].map(t)),
            Section(number: 3, title: t("application_section_3"), note: nil, fields: [
                "application_partners", "application_agreement_sought", "application_languages", "application_first_visit_from",
                "application_first_visit_to",
            ].map(t)),
            Section(number: 4, title: t("application_section_4"), note: t("call_annex_mentees_only"),
                    fields: ["application_expected_result", "application_verification"].map(t)),
            Section(number: 5, title: t("application_section_5"), note: nil,
                    fields: ["application_head_name", "application_head_title", "application_signed_on", "application_signature_line"].map(t)),
        ]
        let page = FormPage(call: call.title(in: req.language), reference: call.reference, annex: t("call_annex_1"), sections: sections)
        return try await req.renderPage("calls/annex-1", title: page.annex, page)
    }

    @Sendable func resultsFramework(req: Request) async throws -> View {
        let call = try await CallsController.call(req)
        let page = FrameworkPage(
            call: call.title(in: req.language), reference: call.reference, annex: req.text("call_annex_2"),
            areas: call.thematicAreas.map { AreaRow(name: req.localizer.text("thematic_area_" + $0.key, req.language), mandatory: $0.mandatoryForMentees) })
        return try await req.renderPage("calls/annex-2", title: page.annex, page)
    }
}
