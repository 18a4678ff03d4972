import Foundation
import Testing
@testable import TandemCore

@Suite struct RecordFormatTests {
    let today = CivilDate(iso: "2026-12-03")!
    let states: Set<String> = ["GHA", "NGA", "PER"]

    /// An opportunity as its form sends it, in French.
    func sent(_ changes: [(String, String)] = []) -> RecordDocument {
        let pairs: [(String, String)] = [
            ("title", "  Cours de formation des douaniers "), ("opportunityKind", "course"), ("provider", "Institut de formation"),
            ("summary", "Deux semaines sur les transferts\r\nde produits chimiques."), ("howToApply", "Par l’autorité nationale."),
            ("deadline", today.adding(days: 30).description), ("activeUntil", today.adding(days: 90).description),
            ("areas", "transfers_control"), ("states", "GHA"), ("languages", "fr"), ("languages", "en"), ("languages", "fr"),
            ("link", "https://example.org/cours"), ("t.en.title", "Customs training course"), ("t.fr.title", "ignored: the original"),
            ("t.en.provider", "ignored: not translatable"), ("unknown", "ignored"),
        ]
        return RecordDocument(format: .of(.opportunity), original: .fr, pairs: pairs + changes)
    }

    @Test func aFormIsReadIntoTheFormatTrimmedWithListsInOrderAndOnlyItsOwnFields() {
        let document = sent()
        #expect(document["title"] == "Cours de formation des douaniers")
        #expect(document["summary"] == "Deux semaines sur les transferts\nde produits chimiques.")
        #expect(document.list("languages") == ["fr", "en"])
        #expect(document.translations == [.en: ["title": "Customs training course"]])
        #expect(document.values["unknown"] == nil && document.values["provider"] == "Institut de formation")
        let odd = RecordDocument(format: .of(.opportunity), original: .en, pairs: [("title", "a\u{0}b\u{1}c\u{202E}d\te")])
        #expect(odd["title"] == "abcd\te")
        let pasted = RecordDocument(format: .of(.opportunity), original: .en, pairs: [("title", "Customs\r\n  course "), ("t.fr.title", "Cours\nde douane"),
                                                                                   ("summary", "Two weeks.\r\nIn Accra.")])
        #expect(pasted["title"] == "Customs course" && pasted.translations[.fr]?["title"] == "Cours de douane" && pasted["summary"] == "Two weeks.\nIn Accra.")
        #expect(RecordCheck.problems(document, .of(.opportunity), knownStates: states, today: today, sending: true).isEmpty)
    }

    @Test func aDraftSavesHalfWrittenButIsSentOnlyCompleteAndEachProblemIsNamedByItsField() {
        let format = RecordFormat.of(.opportunity)
        let half = RecordDocument(format: format, original: .en, pairs: [("title", "A course")])
        #expect(RecordCheck.problems(half, format, knownStates: states, today: today, sending: false).isEmpty)
        #expect(RecordCheck.problems(RecordDocument(), format, knownStates: states, today: today, sending: false) == ["title": "record_title_needed"])
        #expect(RecordCheck.problems(half, format, knownStates: states, today: today, sending: true) == [
            "opportunityKind": "record_choose", "provider": "record_field_needed", "summary": "record_field_needed",
            "howToApply": "record_field_needed", "areas": "record_choose",
        ])
        let wrong = sent([("opportunityKind", "other"), ("deadline", today.adding(days: -1).description),
                          ("activeUntil", today.adding(days: -2).description), ("areas", "astrology"), ("states", "XXX"),
                          ("languages", "de"), ("link", "javascript:alert(1)"), ("t.es.summary", String(repeating: "a", count: FormBounds.longText + 1))])
        #expect(RecordCheck.problems(wrong, format, knownStates: states, today: today, sending: true) == [
            "opportunityKindOther": "record_other_needed", "deadline": "record_day_past", "activeUntil": "record_day_before_deadline",
            "areas": "record_value_unknown", "states": "record_value_unknown", "languages": "record_value_unknown",
            "link": "record_link_invalid", "t.es.summary": "record_text_too_long",
        ])
        // Saving a draft refuses only what cannot be stored as it is: a past deadline may be corrected later.
        #expect(RecordCheck.problems(wrong, format, knownStates: states, today: today, sending: false).keys.sorted()
                == ["activeUntil", "areas", "languages", "link", "states", "t.es.summary"])
        let unreadable = sent([("deadline", "31/12/2026"), ("opportunityKind", "lottery")])
        #expect(RecordCheck.problems(unreadable, format, knownStates: states, today: today, sending: false)
                == ["deadline": "record_day_unreadable", "opportunityKind": "record_value_unknown"])
    }

    @Test func aLibraryItemIsSentWithItsLinkOrWithItsFileAttached() {
        let format = RecordFormat.of(.resource)
        let item = RecordDocument(format: format, original: .en, pairs: [("title", "Guide"), ("creator", "Secretariat"), ("dcType", "Text")])
        #expect(RecordCheck.problems(item, format, knownStates: states, today: today, sending: true) == ["identifier": "record_link_or_file"])
        #expect(RecordCheck.problems(item, format, knownStates: states, today: today, sending: true, withFile: true).isEmpty)
        // A file stands in for a library item's link only: an opportunity's required fields stay required.
        #expect(!RecordCheck.problems(RecordDocument(), .of(.opportunity), knownStates: states, today: today, sending: true, withFile: true).isEmpty)
    }

    @Test func everyKindHasATitleFirstAndFieldsThatMeanTheSameShareANameAndAList() {
        for kind in RecordKind.allCases {
            let format = RecordFormat.of(kind)
            #expect(format.kind == kind && format.title.input == .line && format.title.required)
            #expect(Set(format.fields.map(\.name)).count == format.fields.count)
            for field in format.fields {
                switch field.name {
                case "areas": #expect(field.input == .areas || field.input == .area)
                case "states": #expect(field.input == .states)
                case "groups": #expect(field.input == .groups)
                case "languages": #expect(field.input == .languages)
                default: break
                }
                if let other = field.notBefore { #expect(format.field(other)?.input == .day) }
            }
        }
        // A library item carries every Dublin Core element the format promises.
        let resource = Set(RecordFormat.of(.resource).fields.map(\.name))
        #expect(["title", "creator", "areas", "description", "publisher", "date", "dcType", "format", "identifier", "languages", "states", "rights"]
            .allSatisfy(resource.contains))
    }

    @Test func textsFallBackToTheOriginalCodesFeedFacetsAndTheDocumentKeepsItsShapeAsJSON() throws {
        let document = sent()
        #expect(document.text("title", original: .fr).shown(in: .en) == .init(text: "Customs training course", fallback: nil))
        #expect(document.text("summary", original: .fr).shown(in: .es).fallback == .fr)
        let codes = document.codes(.of(.opportunity))
        #expect(codes == ["opportunityKind": ["course"], "areas": ["transfers_control"], "states": ["GHA"], "languages": ["fr", "en"]])
        #expect(document.writtenText(.of(.opportunity)).contains("Customs training course"))
        #expect(!document.writtenText(.of(.opportunity)).contains("https://"))
        let stored = try JSONEncoder().encode(document)
        #expect(try JSONDecoder().decode(RecordDocument.self, from: stored) == document)
        let object = try #require(try JSONSerialization.jsonObject(with: stored) as? [String: Any])
        #expect(object["title"] as? String == "Cours de formation des douaniers" && (object["languages"] as? [String]) == ["fr", "en"])
    }
}
