import Testing
@testable import TandemCore

@Suite struct RecordsFileTests {
    let today = CivilDate(iso: "2026-12-03")!

    @Test func eachLineIsARecordAndEveryProblemIsLocatedBeforeAnythingLoads() throws {
        let good = """
            {"kind": "opportunity", "language": "fr", "fields": {"title": "Cours", "opportunityKind": "course", "provider": "Institut", "summary": "Deux semaines.", "howToApply": "Par l’autorité nationale.", "areas": ["inspections"]}}

            {"kind": "need", "language": "en", "state": "gha", "visibility": "members", "fields": {"title": "Customs training", "areas": "transfers_control", "priority": "high", "description": "Ports.", "assistance": ["training"], "needStatus": "open"}}
            """
        let entries = try RecordsFile.parse(good, file: "records.jsonl", knownStates: ["GHA"], today: today).get()
        #expect(entries.map(\.line) == [1, 3] && entries[1].state == "GHA" && entries[1].visibility == .members && entries[0].language == .fr)
        let bad = """
            not json
            {"kind": "poem", "language": "de", "fields": {}}
            {"kind": "expert", "language": "en", "fields": {"title": "A. N. Other", "areas": ["inspections"], "expertise": "Inspections.", "languages": ["en"], "availability": "available", "colour": "blue"}}
            """
        guard case .failure(let problems) = RecordsFile.parse(bad, file: "records.jsonl", knownStates: ["GHA"], today: today) else {
            Issue.record("a bad file was accepted"); return
        }
        #expect(problems.problems.map(\.description) == [
            "records.jsonl:1: line: is not a JSON object with kind, language and fields",
            "records.jsonl:2: kind: must be one of project, opportunity, need, resource, organisation, expert",
            "records.jsonl:2: language: must be en, fr or es",
            "records.jsonl:3: state: must be the ISO3 code of the State Party whose expert it is",
            "records.jsonl:3: fields.colour: is not a field of the expert format",
        ])
    }
}
