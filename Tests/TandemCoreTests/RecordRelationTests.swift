import Foundation
import Testing
@testable import TandemCore

@Suite struct RecordRelationTests {
    let id = UUID(uuidString: "6F1C2A3B-4D5E-4F60-8172-93A4B5C6D7E8")!

    @Test func anAddressOfARecordAPartnershipOrAnApplicationIsRead() {
        let other = "0A1B2C3D-4E5F-4061-8273-9485A6B7C8D9"
        #expect(RecordRelation(address: "https://tandem.example.org/clearing-house/records/\(other.lowercased())?lang=fr")
                == RecordRelation(.record, key: other))
        #expect(RecordRelation(address: " \(other.lowercased()) ") == RecordRelation(.record, key: other))
        #expect(RecordRelation(address: "/programme/partnerships/p-2014-03#visits") == RecordRelation(.partnership, key: "P-2014-03"))
        #expect(RecordRelation(address: "http://localhost:8080/partnerships/P-2014-03") == RecordRelation(.partnership, key: "P-2014-03"))
        #expect(RecordRelation(address: "/applications/\(other)")?.path == "/applications/\(other)")
        #expect(RecordRelation(.partnership, key: "P-2014-03").path == "/programme/partnerships/P-2014-03")
    }

    @Test func anythingElseIsNotARelation() {
        for address in ["", "   ", "https://example.org/", "/clearing-house/records/not-an-id", "/applications/12",
                        "/partnerships/P 2014", "/partnerships/<script>", "/states/GHA", "/clearing-house/records/\(id)/edit",
                        String(repeating: "a", count: 600)] {
            #expect(RecordRelation(address: address) == nil, "\(address)")
        }
    }

    @Test func aRecordIsNotRelatedToItselfNorTwiceNorPastTheLimit() {
        let existing = [RecordRelation(.partnership, key: "P-2014-03")]
        #expect(RecordRelation.adding("/clearing-house/records/\(id)", to: existing, of: id) == .failure(.toItself))
        #expect(RecordRelation.adding("/programme/partnerships/p-2014-03", to: existing, of: id) == .failure(.already))
        #expect(RecordRelation.adding("nowhere", to: existing, of: id) == .failure(.unreadable))
        let full = (0..<RecordRelation.limit).map { RecordRelation(.partnership, key: "P-\($0)") }
        #expect(RecordRelation.adding("/partnerships/P-2020-01", to: full, of: id) == .failure(.tooMany))
        #expect(RecordRelation.adding("/partnerships/P-2020-01", to: existing, of: id) == .success(RecordRelation(.partnership, key: "P-2020-01")))
    }
}
