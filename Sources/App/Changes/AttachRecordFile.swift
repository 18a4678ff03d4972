import Fluent
import Foundation
import SQLKit
import TandemCore
import Vapor

/// A library item's document: attached (in place of one attached before) or taken away. The file is written first
/// under a name of its own, so no upload ever overwrites another; then one guarded write on the version the
/// writer's page was drawn from points the record at it, with the audit row. The file it replaces is deleted once
/// that is committed; a file no write points at (the record changed meanwhile) is deleted at once.
struct AttachRecordFile {
    let recordID: UUID
    /// The file and its type, or nil to take the document away.
    let file: (bytes: ByteBuffer, type: UploadType)?
    let basedOn: Int

    enum Outcome {
        case done
        /// The record changed since the writer's page was drawn: nothing was kept.
        case stale
    }

    func run(on req: Request) async throws -> Outcome {
        let uploads = req.application.uploads
        var stored: String?
        if let file {
            stored = try await uploads.store(file.bytes, named: "clearing-house/\(recordID.uuidString)/\(UUID().uuidString).\(file.type.fileExtension)")
        }
        let path = stored, type = file?.type, size = file?.bytes.readableBytes
        do {
            let replaced = try await req.db.writeTransaction { db -> String? in
                guard let record = try await ClearingRecordModel.find(recordID, on: db) else { throw ChangeConflict(entity: "clearing_record") }
                let before = record.filePath
                _ = try await db.claim(ClearingRecordModel.schema, id: recordID, version: basedOn, entity: "clearing_record")
                try await (db as! any SQLDatabase).update(ClearingRecordModel.schema)
                    .set("file_path", to: SQLBind(path)).set("file_type", to: SQLBind(type?.rawValue)).set("file_bytes", to: SQLBind(size))
                    .set("updated_at", to: SQLBind(req.application.clock.now())).where("id", .equal, SQLBind(recordID)).run()
                // The API's kept answers give the file's address.
                try await DataVersion.bump(.clearing, on: db)
                try await req.audit(path == nil ? "remove_file" : "attach_file", entity: "clearing_record", key: recordID.uuidString,
                                    before: before.map { ["file": $0] }, after: path.map { ["file": $0, "type": type?.rawValue ?? "", "bytes": String(size ?? 0)] },
                                    on: db)
                return before
            }
            if let replaced { try? FileManager.default.removeItem(at: uploads.url(replaced)) }
            return .done
        } catch is ChangeConflict {
            if let stored { try? FileManager.default.removeItem(at: uploads.url(stored)) }
            return .stale
        } catch {
            if let stored { try? FileManager.default.removeItem(at: uploads.url(stored)) }
            throw error
        }
    }
}
