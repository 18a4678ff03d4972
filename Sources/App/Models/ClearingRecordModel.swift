import Fluent
import Foundation
import TandemCore

/// A record of the clearing-house, of any kind (`RecordKind`): who owns it, who may read it, where it stands on its
/// way to the public (`Publication`), and its fields in the kind's common format as a JSON document.
final class ClearingRecordModel: Model, @unchecked Sendable {
    static let schema = "clearing_records"

    @ID(key: .id) var id: UUID?
    /// Raised by every change; a change writes only if it is still the version it read (see `Database.claim`).
    @Field(key: "version") var version: Int
    /// `RecordKind.rawValue`.
    @Field(key: "kind") var kind: String
    /// Who wrote it; with `organisation` or `stateISO3`, who may change it.
    @Field(key: "owner_email") var ownerEmail: String
    @OptionalParent(key: "organisation_id") var organisation: OrganisationModel?
    /// The State Party a national record (a need, an expert) is about.
    @OptionalField(key: "state_iso3") var stateISO3: String?
    /// For a national record: the state agreed that the Secretariat publishes it for them.
    @Field(key: "state_consent") var stateConsent: Bool
    /// `RecordVisibility.rawValue`.
    @Field(key: "visibility") var visibility: String
    /// The columns of `Publication`, kept apart so lists filter and sort on them.
    @Field(key: "status") var status: String
    @OptionalField(key: "submitted_on") var submittedOn: String?
    @OptionalField(key: "return_reason") var returnReason: String?
    @OptionalField(key: "published_on") var publishedOn: String?
    @OptionalField(key: "confirmed_on") var confirmedOn: String?
    @OptionalField(key: "expired_on") var expiredOn: String?
    /// The language the record was written in; its translations are in `document`.
    @Field(key: "language") var language: String
    /// The kind's fields as JSON.
    @Field(key: "document") var document: String
    /// The token of the form it was started from, so that a form sent twice starts one record.
    @OptionalField(key: "form_token") var formToken: String?
    /// A library item's document, kept under `UPLOADS_PATH` (`Uploads`), its type (`UploadType`) and size.
    @OptionalField(key: "file_path") var filePath: String?
    @OptionalField(key: "file_type") var fileType: String?
    @OptionalField(key: "file_bytes") var fileBytes: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] {
        [$id, $version, $kind, $ownerEmail, $organisation, $stateISO3, $stateConsent, $visibility, $status, $submittedOn, $returnReason,
         $publishedOn, $confirmedOn, $expiredOn, $language, $document, $formToken, $filePath, $fileType, $fileBytes,
         $createdAt, $updatedAt]
    }

    init() {}

    init(kind: RecordKind, ownerEmail: String, organisationID: UUID? = nil, stateISO3: String? = nil, visibility: RecordVisibility,
         language: Language, document: String = "{}") {
        self.version = 0
        self.kind = kind.rawValue
        self.ownerEmail = ownerEmail
        self.$organisation.id = organisationID
        self.stateISO3 = stateISO3
        self.stateConsent = false
        self.visibility = visibility.rawValue
        self.status = Publication.Status.draft.rawValue
        self.language = language.rawValue
        self.document = document
    }

    var recordKind: RecordKind { get throws { try StoredValue.read(RecordKind.self, kind, column: "clearing_records.kind") } }

    /// Where it stands, read from its columns.
    func publication() throws -> Publication {
        func day(_ text: String?, _ column: String) throws -> CivilDate? {
            guard let text else { return nil }
            guard let day = CivilDate(iso: text) else { throw UnreadableStoredValue(column: "clearing_records." + column, value: text) }
            return day
        }
        return Publication(status: try StoredValue.read(Publication.Status.self, status, column: "clearing_records.status"),
                           submittedOn: try day(submittedOn, "submitted_on"), returnReason: returnReason,
                           publishedOn: try day(publishedOn, "published_on"), confirmedOn: try day(confirmedOn, "confirmed_on"),
                           expiredOn: try day(expiredOn, "expired_on"))
    }

    func setPublication(_ publication: Publication) {
        status = publication.status.rawValue
        submittedOn = publication.submittedOn?.description
        returnReason = publication.returnReason
        publishedOn = publication.publishedOn?.description
        confirmedOn = publication.confirmedOn?.description
        expiredOn = publication.expiredOn?.description
    }
}
