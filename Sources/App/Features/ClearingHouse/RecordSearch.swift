import Fluent
import Foundation
import TandemCore
import Vapor

/// Finds published clearing-house records a reader may see: by words, in any of the record's languages and through
/// the labels of its codes in English, French and Spanish, accents and case ignored; by coded values kept or left
/// out; with each coded field's values counted as the reader's other filters leave them.
struct RecordSearch {
    struct Hit {
        let record: ClearingRecordModel
        let kind: RecordKind
        let document: RecordDocument
        let score: Int
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

        init(_ req: Request) {
            signedIn = req.currentUser != nil
            secretariat = AccessPolicy.decide(req.actor, .manageProgramme).isAllowed
        }

        var visibilities: [String] {
            RecordVisibility.allCases.filter { $0.admits(signedIn: signedIn, secretariat: secretariat) }.map(\.rawValue)
        }
    }

    let localizer: Localizer
    let states: StatesDirectory

    /// The fields counted as facets for `kinds` (every kind's when none is chosen), in the formats' order. Every
    /// record has a place: a national record's is its State Party's.
    static func facetFields(_ kinds: Set<RecordKind>) -> [RecordField] {
        var seen: Set<String> = []
        let places = RecordFormat.of(.project).fields.filter { ["states", "groups"].contains($0.name) }
        return ((kinds.isEmpty ? RecordKind.allCases : RecordKind.allCases.filter(kinds.contains))
            .flatMap { RecordFormat.of($0).fields.filter(\.isCoded) } + places)
            .filter { seen.insert($0.name).inserted }
    }

    func run(_ query: RecordQuery, reader: Reader, pageSize: Int, on db: any Database) async throws -> Results {
        let models = try await ClearingRecordModel.query(on: db).filter(\.$status == Publication.Status.published.rawValue)
            .filter(\.$visibility ~~ reader.visibilities).all()
        let words = StateNameResolver.normalise(query.text).split(separator: " ").map(String.init)
        var candidates: [(hit: Hit, codes: [String: Set<String>])] = []
        for model in models {
            guard let kind = try? model.recordKind, let document = try? model.recordDocument() else { continue }
            let format = RecordFormat.of(kind)
            let codes = codes(of: model, kind: kind, document: document)
            var score = 0
            if !words.isEmpty {
                let title = StateNameResolver.normalise(document.text(format.title.name, original: model.originalLanguage).allText)
                let body = StateNameResolver.normalise(document.writtenText(format) + "\n" + labels(codes, format: format))
                guard words.allSatisfy({ body.contains($0) }) else { continue }
                score = words.reduce(0) { $0 + (title.contains($1) ? 3 : 1) }
            }
            candidates.append((Hit(record: model, kind: kind, document: document, score: score), codes))
        }
        let records = candidates.map { (kind: $0.hit.kind, codes: $0.codes) }
        var facets: [String: [(code: String, count: Int)]] = ["kind": query.facet("kind", of: records.map { ($0.kind, ["kind": [$0.kind.rawValue]]) })]
        for field in Self.facetFields(query.kinds) { facets[field.name] = query.facet(field.name, of: records) }
        let kept = candidates.filter { query.admits(kind: $0.hit.kind, codes: $0.codes) }.map(\.hit)
        let ordered = kept.sorted { one, other in
            switch query.order {
            case .relevance where one.score != other.score: return one.score > other.score
            case .title:
                let a = (try? one.record.title(in: .en, document: one.document).text) ?? "", b = (try? other.record.title(in: .en, document: other.document).text) ?? ""
                if a != b { return a.localizedCaseInsensitiveCompare(b) == .orderedAscending }
            default: break
            }
            return (one.record.publishedOn ?? "", one.record.id?.uuidString ?? "") > (other.record.publishedOn ?? "", other.record.id?.uuidString ?? "")
        }
        let start = min((query.page - 1) * pageSize, ordered.count)
        return Results(hits: Array(ordered[start..<min(start + pageSize, ordered.count)]), total: ordered.count, facets: facets)
    }

    /// A record's codes, its State Party's among them for a national record.
    func codes(of model: ClearingRecordModel, kind: RecordKind, document: RecordDocument) -> [String: Set<String>] {
        var codes = document.codes(.of(kind))
        if let state = model.stateISO3 {
            codes["states", default: []].insert(state)
            if let group = states.groupOf[state] { codes["groups", default: []].insert(group.slug) }
        }
        return codes
    }

    /// The labels of a record's codes in the three languages, so a search in any of them finds it by its codes.
    private func labels(_ codes: [String: Set<String>], format: RecordFormat) -> String {
        Language.allCases.flatMap { language in
            let labels = RecordLabels(localizer: localizer, states: states, language: language)
            return format.fields.filter(\.isCoded).flatMap { field in (codes[field.name] ?? []).map { labels.code($0, of: field) } }
        }.joined(separator: "\n")
    }
}
