import Fluent
import Foundation

/// Writes the audit trail: every change to Tandem's data leaves an entry.
enum AuditLog {
    static func record<Before: Encodable, After: Encodable>(
        on database: any Database, actor: String, action: String, entity: String, key: String,
        before: Before?, after: After?
    ) async throws {
        try await AuditEntryModel(actor: actor, action: action, entity: entity, entityKey: key,
                                  before: json(before), after: json(after)).create(on: database)
    }

    private static func json<T: Encodable>(_ value: T?) -> String {
        guard let value else { return "" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
