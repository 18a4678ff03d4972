import Foundation
import NIOCore
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
