import Fluent
import Foundation
import TandemCore
import Vapor

/// `tandem import-records FILE.jsonl --by EMAIL`: loads clearing-house records from JSON lines (`RecordsFile`),
/// published by the Secretariat account given, a thousand to a transaction. Every problem in the file is reported at
/// once, with line and field, and then nothing is loaded.
struct ImportRecordsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "JSON lines, one record per line: kind, language, visibility, state, fields")
        var file: String

        @Option(name: "by", help: "the programme officer's or administrator's address the records are published by")
        var by: String?
    }

    var help: String { "Imports clearing-house records from a JSON lines file, published, all or nothing." }

    static let batch = 1_000

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let email = signature.by?.lowercased(), let officer = try await UserModel.query(on: app.db).filter(\.$email == email).first(),
              officer.isActive, AccessPolicy.decide(officer.actor, .manageProgramme).isAllowed else {
            throw CommandFailure(description: "Give --by the address of an active programme officer or administrator: records are published in their name.")
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure(description: "Cannot read \(signature.file): no such file, or it is not readable.")
        }
        let today = CivilDate(utc: app.clock.now())
        let entries: [RecordsFile.Entry]
        switch RecordsFile.parse(String(decoding: data, as: UTF8.self), file: signature.file,
                                 knownStates: Set(app.statesDirectory.states.map(\.iso3)), today: today) {
        case .failure(let problems):
            for problem in problems.problems.prefix(200) { context.console.error(problem.description) }
            throw CommandFailure(description: "\(problems.problems.count) problem(s) found; nothing was imported.")
        case .success(let parsed):
            entries = parsed
        }
        let now = app.clock.now()
        for start in stride(from: 0, to: entries.count, by: Self.batch) {
            let batch = Array(entries[start..<min(start + Self.batch, entries.count)])
            try await app.db.writeTransaction { db in
                for entry in batch {
                    let record = ClearingRecordModel(kind: entry.kind, ownerEmail: officer.email, stateISO3: entry.state, visibility: entry.visibility,
                                                     language: entry.language, document: entry.document.stored)
                    // The Secretariat loads a state's records with its consent, as it writes them on the pages.
                    record.stateConsent = entry.kind.isNational
                    record.setPublication(Publication(status: .published, publishedOn: today, confirmedOn: today))
                    try await record.create(on: db)
                    let id = try record.requireID()
                    try await ClearingRecordVersionModel(recordID: id, number: 1, document: record.document, by: officer.email, at: now).create(on: db)
                    try await AuditLog.record(on: db, actor: officer.email, action: "import", entity: "clearing_record", key: id.uuidString,
                                              before: nil, after: ClearingRecordDraft(record))
                    try await ClearingSearchRow.write(record, app: app, on: db)
                }
            }
            context.console.info("\(min(start + Self.batch, entries.count)) of \(entries.count) records imported.")
        }
    }
}
