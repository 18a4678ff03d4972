import Fluent
import Foundation
import TandemCore

/// One of a partnership's reports (or a follow-up request), from its draft to its acceptance.
final class ReportModel: Model, @unchecked Sendable {
    static let schema = "reports"

    enum Status: String, CaseIterable, Codable {
        /// Being written; the form saves itself.
        case draft
        /// Waiting for the partner's co-signature (joint reports only).
        case awaitingCosignature = "awaiting_cosignature"
        /// With the Secretariat.
        case submitted
        /// Sent back for revision, with comments.
        case returned
        case accepted
    }

    @ID(key: .id) var id: UUID?
    /// Raised by every change; a change writes only if it is still the version it read (see `Database.claim`).
    @Field(key: "version") var version: Int
    @Parent(key: "partnership_id") var partnership: PartnershipModel
    /// `ReportKind.rawValue`.
    @Field(key: "kind") var kind: String
    /// Counts follow-up requests (1, 2, ...); 1 for the three reports.
    @Field(key: "sequence") var sequence: Int
    @OptionalField(key: "due_on") var dueOn: String?
    @Field(key: "status") var status: String
    /// `ReportForm` as JSON.
    @Field(key: "form") var form: String
    /// The state whose focal point drafted and submitted it.
    @OptionalField(key: "drafted_by_iso3") var draftedByISO3: String?
    @OptionalField(key: "cosigned_by_iso3") var cosignedByISO3: String?
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "accepted_at") var acceptedAt: Date?
    /// What the Secretariat asks, for a follow-up request.
    @Field(key: "request") var request: String
    @Children(for: \.$report) var versions: [ReportVersionModel]
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $version, $partnership, $kind, $sequence, $dueOn, $status, $form, $draftedByISO3, $cosignedByISO3, $submittedAt, $acceptedAt, $request, $versions, $createdAt, $updatedAt] }

    init() {}

    init(partnershipID: UUID, kind: ReportKind, sequence: Int = 1, dueOn: CivilDate?, request: String = "") {
        self.version = 0
        self.$partnership.id = partnershipID
        self.kind = kind.rawValue
        self.sequence = sequence
        self.dueOn = dueOn?.description
        self.status = Status.draft.rawValue
        self.form = StoredJSON.document(ReportForm())
        self.request = request
    }

    var reportKind: ReportKind { get throws { try StoredValue.read(ReportKind.self, kind, column: "reports.kind") } }
    var reportStatus: Status { get throws { try StoredValue.read(Status.self, status, column: "reports.status") } }
    var due: CivilDate? { dueOn.flatMap(CivilDate.init(iso:)) }

    /// In the hands of the partners: still to be written, co-signed or revised.
    var isWithPartners: Bool { get throws { [.draft, .awaitingCosignature, .returned].contains(try reportStatus) } }

    func value() throws -> ReportForm { try StoredValue.document(ReportForm.self, form, column: "reports.form") }

    func setForm(_ value: ReportForm) { form = StoredJSON.document(value) }

    /// `interim_1`, `final`, `follow_up-2`: how the report is named in addresses.
    var slug: String { kind == ReportKind.followUp.rawValue ? "\(kind)-\(sequence)" : kind }
}

/// A report as it stood at a submission or a review, with what the Secretariat said.
final class ReportVersionModel: Model, @unchecked Sendable {
    static let schema = "report_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "report_id") var report: ReportModel
    @Field(key: "number") var number: Int
    /// The status the report moved to: submitted, returned or accepted.
    @Field(key: "status") var status: String
    @Field(key: "form") var form: String
    @Field(key: "comments") var comments: String
    @Field(key: "by") var by: String
    @Field(key: "at") var at: Date

    /// Listed rather than found by reflection on every query; `ModelPropertiesTests` checks the list.
    var properties: [any AnyProperty] { [$id, $report, $number, $status, $form, $comments, $by, $at] }

    init() {}

    init(reportID: UUID, number: Int, status: ReportModel.Status, form: String, comments: String, by: String, at: Date) {
        self.$report.id = reportID
        self.number = number
        self.status = status.rawValue
        self.form = form
        self.comments = comments
        self.by = by
        self.at = at
    }
}
