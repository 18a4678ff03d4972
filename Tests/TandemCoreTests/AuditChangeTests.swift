import Testing
@testable import TandemCore

@Suite struct AuditChangeTests {
    @Test func onlyTheFieldsThatDifferAreListedByTheirPath() {
        let change = AuditChange(before: #"{"status":"submitted","visits":[{"end":"2026-05-01","host":"GHA"}],"version":3}"#,
                                 after: #"{"status":"accepted","visits":[{"end":"2026-05-08","host":"GHA"},{"end":"2026-09-01","host":"MEX"}],"version":4}"#)
        #expect(change.fields.map(\.path) == ["status", "version", "visits[0].end", "visits[1].end", "visits[1].host"])
        #expect(change.fields[0] == .init(path: "status", before: "submitted", after: "accepted"))
        #expect(change.fields[3] == .init(path: "visits[1].end", before: nil, after: "2026-09-01"))
        #expect(change.more == 0)
    }

    @Test func aCreatedRecordListsItsFieldsAndADeletedOneWhatItHad() {
        let created = AuditChange(before: "", after: #"{"name":"Autorité nationale","phone":null}"#)
        #expect(created.fields == [.init(path: "name", before: nil, after: "Autorité nationale"), .init(path: "phone", before: nil, after: "null")])
        let deleted = AuditChange(before: #"{"name":"x"}"#, after: "")
        #expect(deleted.fields == [.init(path: "name", before: "x", after: nil)])
    }

    @Test func textThatIsNotJSONIsComparedWholeAndLongValuesAreCut() {
        let plain = AuditChange(before: "", after: "signed in from 192.0.2.1")
        #expect(plain.fields == [.init(path: "", before: nil, after: "signed in from 192.0.2.1")])
        let long = AuditChange(before: #"{"a":"x"}"#, after: #"{"a":"\#(String(repeating: "é", count: 300))"}"#, valueLength: 10)
        #expect(long.fields[0].after == String(repeating: "é", count: 10) + "…")
        #expect(AuditChange(before: #"{"a":1}"#, after: #"{"a":1}"#).fields.isEmpty)
    }

    @Test func aRecordAuditedAsItsJSONTextIsReadAsTheRecord() {
        let before = #""{\"document\":{\"motivation\":\"\",\"phone\":\"1\"}}""#
        let after = #""{\"document\":{\"motivation\":\"Renforcer\",\"phone\":\"1\"}}""#
        #expect(AuditChange(before: before, after: after).fields == [.init(path: "document.motivation", before: "", after: "Renforcer")])
        // A list that was empty and now has lines: the lines, not "[]" as text.
        let costs = AuditChange(before: "[]", after: #"[{"item":"travel","planned":"1200"}]"#)
        #expect(costs.fields == [.init(path: "[0].item", before: nil, after: "travel"), .init(path: "[0].planned", before: nil, after: "1200")])
    }

    @Test func manyChangesAreCountedPastTheLimit() {
        let after = "{" + (0..<20).map { "\"f\($0)\":\($0)" }.joined(separator: ",") + "}"
        let change = AuditChange(before: "{}", after: after, limit: 15)
        #expect(change.fields.count == 15 && change.more == 5)
    }
}
