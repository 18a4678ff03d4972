import Foundation
import Testing
@testable import TandemCore

@Suite struct OpportunityFormTests {
    let today = CivilDate(iso: "2026-12-03")!
    let states: Set<String> = ["GHA", "NGA", "PER"]
    let areas = Set(ThematicArea.annex2.map(\.key))

    func complete() -> OpportunityForm {
        var form = OpportunityForm()
        form.title = "Cours de formation des douaniers"
        form.kind = "course"
        form.provider = "Institut de formation"
        form.summary = "Deux semaines sur les transferts de produits chimiques."
        form.howToApply = "Par l’autorité nationale."
        form.deadline = today.adding(days: 30)
        form.activeUntil = today.adding(days: 90)
        form.areas = ["transfers_control"]
        form.states = ["GHA"]
        form.languages = ["fr", "en"]
        form.link = "https://example.org/cours"
        return form
    }

    @Test func aCompleteOpportunityPassesAndEachGapIsNamedByItsField() {
        #expect(OpportunityCheck.problems(complete(), knownStates: states, knownAreas: areas, today: today).isEmpty)
        var form = complete()
        form.title = " "
        form.kind = "other"
        form.deadline = today.adding(days: -1)
        form.activeUntil = today.adding(days: -2)
        form.areas = ["transfers_control", "astrology"]
        form.states = ["XXX"]
        form.languages = ["de"]
        form.link = "javascript:alert(1)"
        #expect(OpportunityCheck.problems(form, knownStates: states, knownAreas: areas, today: today) == [
            "title": "record_field_needed", "kindOther": "record_other_needed", "deadline": "record_deadline_past",
            "activeUntil": "record_active_before_deadline", "areas": "record_value_unknown", "states": "record_value_unknown",
            "languages": "record_value_unknown", "link": "record_link_invalid",
        ])
        form = complete()
        form.summary = String(repeating: "a", count: FormBounds.longText + 1)
        form.kind = "lottery"
        #expect(OpportunityCheck.problems(form, knownStates: states, knownAreas: areas, today: today) == ["summary": "record_text_too_long", "kind": "record_choose_one"])
    }

    @Test func translatableTextsFallBackToTheOriginalAndTheFormKeepsItsShapeAsJSON() throws {
        var form = complete()
        form.translations[.en] = ["title": "Training course for customs officers"]
        #expect(form.text("title", original: .fr).shown(in: .en) == .init(text: "Training course for customs officers", fallback: nil))
        #expect(form.text("summary", original: .fr).shown(in: .es).fallback == .fr)
        #expect(form.codes["area"] == ["transfers_control"] && form.codes["language"] == ["fr", "en"])
        let stored = try JSONEncoder().encode(form)
        #expect(try JSONDecoder().decode(OpportunityForm.self, from: stored) == form)
    }
}
