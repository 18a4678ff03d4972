import Fluent
import Foundation
import TandemCore
import Vapor

/// In development only: a few records of every kind in the clearing-house, written and published through the same
/// steps people take (a partner's opportunity reviewed by the Secretariat, Ghana's need published by its focal
/// point), and one request still waiting for review, so each page has something to show. Never created in
/// production.
enum DemoClearingHouse {
    struct Record {
        let kind: RecordKind
        let writer: String
        let language: Language
        let values: [String: String]
        let lists: [String: [String]]
        var translations: [Language: [String: String]] = [:]
        var publish = true
    }

    static let records: [Record] = [
        Record(kind: .opportunity, writer: "partner@demo.tandem", language: .fr,
               values: ["title": "Cours régional sur la sécurité chimique", "opportunityKind": "course", "provider": "Demo Partner Organisation",
                        "summary": "Deux semaines sur la sécurité des installations chimiques et la gestion des incidents, pour les agents des autorités nationales.",
                        "eligibility": "Agents des autorités nationales des États parties d’Afrique.", "howToApply": "Par l’autorité nationale, avec le formulaire du cours.",
                        "deadline": "2027-03-31", "activeUntil": "2027-06-30"],
               lists: ["areas": ["chemical_safety_security"], "groups": ["africa"], "languages": ["fr", "en"]],
               translations: [.en: ["title": "Regional course on chemical safety and security"]]),
        Record(kind: .project, writer: "secretariat@demo.tandem", language: .en,
               values: ["title": "Customs training on scheduled chemicals in West Africa", "projectStatus": "ongoing", "budget": "50k_250k",
                        "summary": "Workshops for customs officers on recognising and controlling scheduled chemicals at the borders.",
                        "implementers": "Technical Secretariat", "starts": "2026-01-01", "ends": "2027-12-31"],
               lists: ["areas": ["transfers_control"], "activity": ["workshop", "training_course"], "targets": ["customs"],
                       "states": ["GHA", "NGA", "SEN", "CIV"], "groups": ["africa"]]),
        Record(kind: .need, writer: "ghana@demo.tandem", language: .en,
               values: ["title": "Training for customs officers at the ports", "areas": "transfers_control", "priority": "high", "needStatus": "open",
                        "statusOn": "2026-11-01",
                        "description": "Customs officers at Tema and Takoradi need to recognise scheduled chemicals in declarations and cargo.",
                        "source": "National Authority of Ghana"],
               lists: ["assistance": ["training", "expert_advice"], "languages": ["en"]]),
        Record(kind: .resource, writer: "secretariat@demo.tandem", language: .en,
               values: ["title": "Guide to drafting implementing legislation", "creator": "Technical Secretariat", "publisher": "Technical Secretariat",
                        "dcType": "Text", "genre": "guideline", "format": "application/pdf", "identifier": "https://example.org/library/legislation-guide.pdf",
                        "date": "2025-06-01", "rights": "Free to share with attribution",
                        "description": "How to write the national law that implements the Convention, article by article, with examples."],
               lists: ["areas": ["implementing_legislation"], "languages": ["en"]]),
        Record(kind: .organisation, writer: "secretariat@demo.tandem", language: .en,
               values: ["title": "Demo Partner Organisation", "summary": "Runs courses and exchanges for National Authorities.",
                        "link": "https://example.org/partner"],
               lists: ["activity": ["training_course", "exchange_visit"], "areas": ["chemical_safety_security", "education_outreach"],
                       "languages": ["en", "fr"]]),
        Record(kind: .expert, writer: "peru@demo.tandem", language: .es,
               values: ["title": "Ana Quispe", "availability": "limited", "employer": "Autoridad Nacional del Perú",
                        "expertise": "Inspecciones de la industria química y preparación de declaraciones."],
               lists: ["areas": ["inspections"], "languages": ["es", "en"]]),
        Record(kind: .opportunity, writer: "partner@demo.tandem", language: .en,
               values: ["title": "Fellowship in analytical chemistry", "opportunityKind": "fellowship", "provider": "Demo Partner Organisation",
                        "summary": "Six months in a designated laboratory for young analysts.", "howToApply": "Send a letter of motivation through the National Authority.",
                        "deadline": "2027-05-15"],
               lists: ["areas": ["economic_technological_development"], "languages": ["en"]], publish: false),
    ]

    static func ensure(on app: Application) async throws {
        guard try await ClearingRecordModel.query(on: app.db).count() == 0 else { return }
        for entry in records {
            guard let writer = try await UserModel.query(on: app.db).filter(\.$email == entry.writer).first() else { continue }
            let document = RecordDocument(values: entry.values, lists: entry.lists, translations: entry.translations)
            let record = try await StartClearingRecord(kind: entry.kind, draft: .init(document: document.stored, visibility: .public, language: entry.language),
                                                       state: writer.stateISO3).run(by: writer, app: app, on: app.db)
            let id = try record.requireID()
            if entry.kind.isNational {
                _ = try await MoveClearingRecord(recordID: id, step: .publish).run(by: writer, app: app, on: app.db)
                continue
            }
            if writer.role != Role.secretariat.rawValue {
                _ = try await MoveClearingRecord(recordID: id, step: .submit).run(by: writer, app: app, on: app.db)
            }
            if entry.publish, let officer = try await UserModel.query(on: app.db).filter(\.$email == "secretariat@demo.tandem").first() {
                _ = try await MoveClearingRecord(recordID: id, step: .publish).run(by: officer, app: app, on: app.db)
            }
        }
    }
}
