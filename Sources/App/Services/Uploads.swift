import Foundation
import NIOCore
import TandemCore
import Vapor

/// Files people upload, kept under `UPLOADS_PATH` by a name Tandem chooses (never the sender's).
struct Uploads: Sendable {
    let root: String

    /// Writes `bytes` to `name` (a relative path) through a temporary file, so a half-written file is never
    /// taken for a whole one. Returns the relative path to store.
    func store(_ bytes: ByteBuffer, named name: String) async throws -> String {
        let url = URL(fileURLWithPath: root).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.appendingPathExtension("part")
        try Data(bytes.readableBytesView).write(to: temporary)
        if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.moveItem(at: temporary, to: url)
        return name
    }

    func url(_ name: String) -> URL {
        URL(fileURLWithPath: root).appendingPathComponent(name)
    }

    /// Streams the stored file `name` as `filename`. It may be framed by Tandem's own pages only and runs nothing;
    /// `shared` lets caches on the way keep it (a public document), otherwise it is the reader's alone.
    func serve(_ name: String, type: UploadType, as filename: String, shared: Bool = false, _ req: Request) async throws -> Response {
        let path = url(name).path
        guard FileManager.default.fileExists(atPath: path) else { throw Abort(.notFound, reason: req.text("error_404_message")) }
        let parts = type.rawValue.split(separator: "/")
        let response = try await req.fileio.asyncStreamFile(at: path, mediaType: HTTPMediaType(type: String(parts[0]), subType: String(parts[1])))
        let disposition = req.queryValue("download") == nil ? "inline" : "attachment"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "\(disposition); filename=\"\(filename)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: shared ? "public, max-age=3600" : "private, no-cache")
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "SAMEORIGIN")
        return response
    }
}

extension Application {
    private struct UploadsKey: StorageKey {
        typealias Value = Uploads
    }

    var uploads: Uploads {
        get { storage[UploadsKey.self] ?? Uploads(root: config.uploadsPath) }
        set { storage[UploadsKey.self] = newValue }
    }
}
