import Fluent
import Foundation
import TandemCore
import Vapor

/// A published record as the API and the JSON export give it: its fields in the kind's common format as stored
/// (codes, not labels; translations beside the original), where it is on the web, and when it was published and
/// last confirmed.
struct RecordDTO: Content {
    let id: UUID
    let kind: String
    let address: String
    let language: String
    let state: String?
    let visibility: String
    let publishedOn: String?
    let confirmedOn: String?
    let fields: RecordDocument
    /// A library item's attached document.
    let file: String?
    /// The addresses of the records and partnerships it relates to that the reader may follow
    /// (`ClearingRelationModel.shareable`).
    let related: [String]

    init(_ record: ClearingRecordModel, kind: RecordKind, document: RecordDocument, baseURL: String, related: [RecordRelation] = []) throws {
        id = try record.requireID()
        self.kind = kind.rawValue
        address = baseURL + "/clearing-house/records/" + id.uuidString
        language = record.language
        state = record.stateISO3
        visibility = record.visibility
        publishedOn = record.publishedOn
        confirmedOn = record.confirmedOn
        fields = document
        file = record.filePath == nil ? nil : address + "/file"
        self.related = related.map { baseURL + $0.path }
    }
}

extension ClearingRelationModel {
    /// The relations of each of `records`, in the order they were added, that an audience reading records of
    /// `visibilities` may follow: partnerships, and records published for it. Relations to applications are for
    /// their states and the Secretariat, on the pages.
    static func shareable(of records: [UUID], visibilities: [String], on db: any Database) async throws -> [UUID: [RecordRelation]] {
        guard !records.isEmpty else { return [:] }
        let rows = try await ClearingRelationModel.query(on: db).filter(\.$record.$id ~~ records).sort(\.$addedAt).all()
        let relations = Dictionary(grouping: rows, by: \.$record.id).mapValues { $0.compactMap(\.relation) }
        let targets = Set(relations.values.joined().filter { $0.target == .record }.compactMap { UUID(uuidString: $0.key) })
        let open = targets.isEmpty ? [] : Set(try await ClearingRecordModel.query(on: db).filter(\.$id ~~ targets)
            .filter(\.$status == Publication.Status.published.rawValue).filter(\.$visibility ~~ visibilities).all().compactMap { $0.id?.uuidString })
        return relations.mapValues { $0.filter { $0.target == .partnership || ($0.target == .record && open.contains($0.key)) } }
    }
}

/// Every record a search finds, written as a spreadsheet (CSV, codes as the reader's labels) or as JSON, a few
/// hundred records at a time so that a large export neither waits nor holds everything in memory.
enum RecordExport {
    static let batch = 500

    static func csv(_ req: Request, ids: [UUID], kinds: Set<RecordKind>) -> Response {
        let labels = RecordLabels(req)
        var seen: Set<String> = []
        let fields = (kinds.isEmpty ? RecordKind.allCases : RecordKind.allCases.filter(kinds.contains))
            .flatMap { RecordFormat.of($0).fields }.filter { seen.insert($0.name).inserted }
        let header = ["id", "kind", "address", "language", "state", "published_on", "confirmed_on"] + fields.map(\.name)
        let base = req.application.config.baseURL
        return stream(req, ids: ids, visibilities: [], type: "text/csv; charset=utf-8", filename: "clearing-house.csv",
                      start: CSVWriter.line(header), end: "") { record, kind, document, _, _ in
            let values = fields.map { field -> String in
                let codes = field.isList ? document.list(field.name) : [document[field.name]].filter { !$0.isEmpty }
                switch field.input {
                case .line, .text, .day, .link: return document[field.name]
                default:
                    let other = field.otherField.map { document[$0] } ?? ""
                    return (codes.map { labels.code($0, of: field) } + (other.isEmpty ? [] : [other])).joined(separator: "; ")
                }
            }
            return CSVWriter.line([try record.requireID().uuidString, kind.rawValue, base + "/clearing-house/records/" + (try record.requireID().uuidString),
                                   record.language, record.stateISO3.map { labels.states.name($0, in: labels.language) } ?? "",
                                   record.publishedOn ?? "", record.confirmedOn ?? ""] + values)
        }
    }

    static func json(_ req: Request, ids: [UUID]) -> Response {
        let visibilities = RecordSearch.Reader(req).visibilities
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let base = req.application.config.baseURL
        return stream(req, ids: ids, visibilities: visibilities, type: "application/json; charset=utf-8", filename: "clearing-house.json",
                      start: "{\"records\":[\n", end: "\n]}\n") { record, kind, document, related, first in
            let dto = try RecordDTO(record, kind: kind, document: document, baseURL: base, related: related)
            return (first ? "" : ",\n") + String(decoding: try encoder.encode(dto), as: UTF8.self)
        }
    }

    /// `visibilities`: whose relations each row may carry (none asked for: none read).
    private static func stream(_ req: Request, ids: [UUID], visibilities: [String], type: String, filename: String, start: String, end: String,
                               row: @escaping @Sendable (ClearingRecordModel, RecordKind, RecordDocument, [RecordRelation], Bool) throws -> String) -> Response {
        let db = req.db
        let body = Response.Body(managedAsyncStream: { writer in
            // An empty write would end a compressed answer early: only what has bytes is written.
            func write(_ text: String) async throws {
                if !text.isEmpty { try await writer.write(.buffer(ByteBuffer(string: text))) }
            }
            try await write(start)
            var first = true
            for offset in stride(from: 0, to: ids.count, by: batch) {
                let chunk = Array(ids[offset..<min(offset + batch, ids.count)])
                let models = Dictionary(try await ClearingRecordModel.query(on: db).filter(\.$id ~~ chunk).all().map { (try $0.requireID(), $0) }) { one, _ in one }
                let relations = visibilities.isEmpty ? [:] : try await ClearingRelationModel.shareable(of: chunk, visibilities: visibilities, on: db)
                var text = ""
                for id in chunk {
                    guard let model = models[id], let kind = try? model.recordKind, let document = try? model.recordDocument() else { continue }
                    text += try row(model, kind, document, relations[id] ?? [], first)
                    first = false
                }
                try await write(text)
            }
            try await write(end)
        })
        return Response(status: .ok, headers: ["Content-Type": type, "Content-Disposition": "attachment; filename=\"\(filename)\""], body: body)
    }
}
