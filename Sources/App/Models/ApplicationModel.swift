import Fluent
import Foundation
import TandemCore

/// An application to a call, by or for one State Party. The form is JSON text read and written only
/// through `ApplicationForm`; the signed form is a file under `UPLOADS_PATH`.
final class ApplicationModel: Model, @unchecked Sendable {
    static let schema = "applications"

    @ID(key: .id) var id: UUID?
    /// Raised by every change; a change writes only if it is still the version it read (see `Database.claim`).
    @Field(key: "version") var version: Int
    @Parent(key: "call_id") var call: CallModel
    @Field(key: "state_iso3") var stateISO3: String
    /// `ApplicationStatus.rawValue`.
    @Field(key: "status") var status: String
    @Field(key: "form") var form: String
    /// The form's mode and thematic areas, written with the form, for lists to filter on (see `listed`).
    @OptionalField(key: "mode") var listedMode: String?
    @Field(key: "areas") var listedAreas: String
    /// Entered by the Secretariat from a paper form.
    @Field(key: "on_behalf") var onBehalf: Bool
    @OptionalField(key: "signed_form_file") var signedFormFile: String?
    @OptionalField(key: "signed_form_type") var signedFormType: String?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @Field(key: "created_by") var createdBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $version, $call, $stateISO3, $status, $form, $listedMode, $listedAreas, $onBehalf, $signedFormFile, $signedFormType, $submittedAt, $createdBy, $createdAt, $updatedAt] }

    init() {}

    init(callID: UUID, stateISO3: String, form: ApplicationForm, onBehalf: Bool, createdBy: String) {
        self.version = 0
        self.$call.id = callID
        self.stateISO3 = stateISO3
        self.status = ApplicationStatus.draft.rawValue
        self.onBehalf = onBehalf
        self.createdBy = createdBy
        self.form = ""
        setForm(form)
    }

    var applicationStatus: ApplicationStatus { get throws { try StoredValue.read(ApplicationStatus.self, status, column: "applications.status") } }

    func value() throws -> ApplicationForm {
        var value = try StoredValue.document(ApplicationForm.self, form, column: "applications.form")
        value.signedFormAttached = signedFormFile != nil
        return value
    }

    func setForm(_ value: ApplicationForm) {
        form = StoredJSON.document(value)
        listedMode = value.mode?.rawValue
        listedAreas = Self.listed(value.thematicAreas)
    }

    /// Area keys between spaces (" legislation customs "), so one area is found with `LIKE '% key %'`.
    static func listed(_ areas: [String]) -> String {
        areas.isEmpty ? "" : " " + areas.joined(separator: " ") + " "
    }
}

/// One change of an application's status: who, when, and why (by section when returned).
final class ApplicationStatusChangeModel: Model, @unchecked Sendable {
    static let schema = "application_status_changes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "application_id") var application: ApplicationModel
    @Field(key: "from_status") var fromStatus: String
    @Field(key: "to_status") var toStatus: String
    @Field(key: "by") var by: String
    /// JSON object: section number (or `general`) to the reason given.
    @Field(key: "reasons") var reasons: String
    @Timestamp(key: "at", on: .create) var at: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $application, $fromStatus, $toStatus, $by, $reasons, $at] }

    init() {}

    init(applicationID: UUID, from: ApplicationStatus, to: ApplicationStatus, by: String, reasons: [String: String]) {
        self.$application.id = applicationID
        self.fromStatus = from.rawValue
        self.toStatus = to.rawValue
        self.by = by
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        self.reasons = (try? encoder.encode(reasons)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
