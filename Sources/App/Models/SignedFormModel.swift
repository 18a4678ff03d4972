import Fluent
import Foundation

/// One upload of an application's form signed by the Head of the National Authority. Every upload is kept,
/// numbered from 1, with who sent it and when: the Secretariat checks a signature and a seal against the version
/// the state submitted, and a later upload never erases an earlier one. The application points at the latest.
final class SignedFormModel: Model, @unchecked Sendable {
    static let schema = "signed_forms"

    @ID(key: .id) var id: UUID?
    @Parent(key: "application_id") var application: ApplicationModel
    @Field(key: "number") var number: Int
    /// The file under `UPLOADS_PATH`, named by Tandem.
    @Field(key: "file") var file: String
    /// `UploadType.rawValue`, recognised from the file's first bytes.
    @Field(key: "type") var type: String
    @Field(key: "bytes") var bytes: Int
    @Field(key: "uploaded_by") var uploadedBy: String
    @Field(key: "uploaded_at") var uploadedAt: Date

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $application, $number, $file, $type, $bytes, $uploadedBy, $uploadedAt] }

    init() {}

    init(applicationID: UUID, number: Int, file: String, type: String, bytes: Int, uploadedBy: String, uploadedAt: Date) {
        self.$application.id = applicationID
        self.number = number
        self.file = file
        self.type = type
        self.bytes = bytes
        self.uploadedBy = uploadedBy
        self.uploadedAt = uploadedAt
    }
}
