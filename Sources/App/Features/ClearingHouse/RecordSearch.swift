import Fluent
import Foundation
import TandemCore
import Vapor

/// Finds published clearing-house records a reader may see: by words (matched by the database's full-text index, in
/// any of the record's languages and through the labels of its codes in English, French and Spanish, accents and
/// case ignored), by coded values kept or left out (the in-memory `ClearingIndex`), with each coded field's values
/// counted as the reader's other filters leave them.
struct RecordSearch {
    struct Hit {
        let record: ClearingRecordModel
        let kind: RecordKind
        let document: RecordDocument
    }

    struct Results {
        let hits: [Hit]
        let total: Int
        /// By field, each value with its count, most first.
        let facets: [String: [(code: String, count: Int)]]
    }

    /// Who is searching: the public sees public records, the signed-in members' records too, the Secretariat all.
    struct Reader {
        let signedIn: Bool
        let secretariat: Bool

        init(signedIn: Bool, secretariat: Bool) {
            self.signedIn = signedIn
            self.secretariat = secretariat
        }

        init(_ req: Request) {
            self.init(signedIn: req.currentUser != nil, secretariat: AccessPolicy.decide(req.actor, .manageProgramme).isAllowed)
        }

        var visibilities: [String] {
            RecordVisibility.allCases.filter { $0.admits(signedIn: signedIn, secretariat: secretariat) }.map(\.rawValue)
        }
    }

    /// The fields counted as facets: a kind's own coded fields once one kind is chosen, otherwise those every kind
    /// shares (areas, places, languages), so a search across kinds stays short. Every record has a place: a
    /// national record's is its State Party's.
    static func facetFields(_ kinds: Set<RecordKind>) -> [RecordField] {
        let places = RecordFormat.of(.project).fields.filter { ["states", "groups"].contains($0.name) }
        guard kinds.count == 1, let kind = kinds.first else {
            return RecordFormat.of(.opportunity).fields.filter { ["areas", "states", "groups", "languages"].contains($0.name) }
        }
        var seen: Set<String> = []
        return (RecordFormat.of(kind).fields.filter(\.isCoded) + places).filter { seen.insert($0.name).inserted }
    }

    /// Every record the search finds, in its order: what an export writes.
    func allIDs(_ query: RecordQuery, reader: Reader, index: ClearingIndex, on db: any Database) async throws -> [UUID] {
        var whole = query
        whole.page = 1
        let (snapshot, found) = try await find(whole, reader: reader, facets: [], pageSize: nil, index: index, on: db)
        return found.page.compactMap { snapshot.records[$0] }
    }

    /// The search run on the index as it stands: the words asked of the database, the rest counted in memory; a page
    /// of `pageSize` slots, or every slot.
    private func find(_ query: RecordQuery, reader: Reader, facets: [String], pageSize: Int?, index: ClearingIndex,
                      on db: any Database) async throws -> (ClearingIndex.Snapshot, FacetIndex.Results) {
        let snapshot = try await index.current(on: db)
        let words = try await index.matches(query.text, in: snapshot, on: db)
        let visible = Set(reader.visibilities.compactMap(RecordVisibility.init(rawValue:)))
        return (snapshot, snapshot.index.search(query, visibleTo: visible, words: words, facets: facets,
                                                 pageSize: pageSize ?? snapshot.index.count + 1))
    }

    func run(_ query: RecordQuery, reader: Reader, pageSize: Int, index: ClearingIndex, on db: any Database) async throws -> Results {
        let (snapshot, found) = try await find(query, reader: reader, facets: ["kind"] + Self.facetFields(query.kinds).map(\.name),
                                               pageSize: pageSize, index: index, on: db)
        let ids = found.page.compactMap { snapshot.records[$0] }
        let models = Dictionary(try await (ids.isEmpty ? [] : ClearingRecordModel.query(on: db).filter(\.$id ~~ ids).all()).map { (try $0.requireID(), $0) }) { one, _ in one }
        let hits = ids.compactMap { id -> Hit? in
            guard let model = models[id], let kind = try? model.recordKind, let document = try? model.recordDocument() else { return nil }
            return Hit(record: model, kind: kind, document: document)
        }
        return Results(hits: hits, total: found.total, facets: found.facets.mapValues { $0.map { ($0.code, $0.count) } })
    }
}
