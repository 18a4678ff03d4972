import Fluent
import Foundation
import TandemCore
import Vapor

/// A library item's document: attached from the record's page by those who may change the record (PDF, PNG or
/// JPEG, recognised by its first bytes, at most `UploadType.maximumBytes`), and given to whoever may read the
/// record. A refused file comes back on the page with why, by its field.
struct RecordFileController: RouteCollection {
    struct Upload: Content {
        var file: File?
        var version: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let records = routes.grouped("clearing-house", "records", ":id")
        records.get("file", use: download)
        let writers = records.grouped(RequireMiddleware(.manageOwnAccount))
        writers.on(.POST, "file", body: .collect(maxSize: ByteCount(value: UploadType.readLimit)), use: attach)
        writers.post("file", "remove", use: remove)
    }

    @Sendable func attach(req: Request) async throws -> Response {
        let access = try await RecordRelationsController.editable(req)
        guard access.kind == .resource else { throw Abort(.notFound, reason: req.text("error_404_message")) }
        let sent = try? req.content.decode(Upload.self)
        func refuse(_ key: String, _ status: HTTPStatus) async throws -> Response {
            try await RecordRelationsController.page(req, address: "", error: req.text(key), field: "file", status: status)
        }
        guard let file = sent?.file, file.data.readableBytes > 0 else { return try await refuse("record_file_needed", .unprocessableEntity) }
        guard file.data.readableBytes <= UploadType.maximumBytes else { return try await refuse("record_file_too_large", .payloadTooLarge) }
        guard let type = UploadType.detect(file.data.readableBytesView) else { return try await refuse("record_file_kind", .unsupportedMediaType) }
        let id = try access.record.requireID()
        switch try await AttachRecordFile(recordID: id, file: (file.data, type), basedOn: Int(sent?.version ?? "") ?? -1).run(on: req) {
        case .done: return req.redirect(to: "/clearing-house/records/\(id)#file", confirming: "done_record_file")
        case .stale: return try await refuse("record_changed_meanwhile", .conflict)
        }
    }

    @Sendable func remove(req: Request) async throws -> Response {
        let access = try await RecordRelationsController.editable(req)
        let id = try access.record.requireID()
        // An item sent or published with its file only would point nowhere: its link comes first.
        if [.submitted, .published].contains(access.publication.status), access.document["identifier"].isEmpty {
            return try await RecordRelationsController.page(req, address: "", error: req.text("record_file_keep"), field: "file", status: .conflict)
        }
        let basedOn = Int(FormBody.value("version", in: FormBody.pairs(req)) ?? "") ?? -1
        switch try await AttachRecordFile(recordID: id, file: nil, basedOn: basedOn).run(on: req) {
        case .done: return req.redirect(to: "/clearing-house/records/\(id)#file", confirming: "done_record_file_removed")
        case .stale: return try await RecordRelationsController.page(req, address: "", error: req.text("record_changed_meanwhile"), field: "file", status: .conflict)
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let access = try await RecordAccess.load(req)
        guard let file = access.record.filePath, let type = access.record.fileType.flatMap(UploadType.init(rawValue:)) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let name = "library-\(try access.record.requireID().uuidString.prefix(8).lowercased()).\(type.fileExtension)"
        // A public item may be kept by caches on the way; anything else is the reader's alone.
        let open = access.publication.status == .published && access.record.recordVisibility == .public
        return try await req.application.uploads.serve(file, type: type, as: name, shared: open, req)
    }
}
