import Fluent

/// What a partnership of the programme keeps beyond its history: the call and proposal it came from, the
/// results framework it inherited, when the mentee hoped to make the first visit, why it closed early, and its
/// memorandum of understanding. SQLite adds
/// one column per statement, so each field is its own update.
struct AddPartnershipLifecycle: AsyncMigration {
    static let fields: [(name: FieldKey, type: DatabaseSchema.DataType)] = [
        ("proposal_id", .uuid), ("results_framework", .string), ("closed_reason", .string),
        ("mou_file", .string), ("mou_signed_on", .string), ("mou_expires_on", .string), ("suggested_first_visit", .string),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema(PartnershipModel.schema)
            .field("call_id", .uuid, .references(CallModel.schema, "id", onDelete: .restrict)).update()
        for field in Self.fields {
            try await database.schema(PartnershipModel.schema).field(field.name, field.type).update()
        }
        try await database.schema(ParticipantModel.schema).field("lead_name", .string).update()
        try await database.schema(ParticipantModel.schema).field("lead_email", .string).update()
        try await database.schema(ParticipantModel.schema).field("lead_phone", .string).update()
    }

    func revert(on database: any Database) async throws {
        for name in ["lead_name", "lead_email", "lead_phone"] {
            try await database.schema(ParticipantModel.schema).deleteField(.string(name)).update()
        }
        for field in Self.fields.reversed() {
            try await database.schema(PartnershipModel.schema).deleteField(field.name).update()
        }
        try await database.schema(PartnershipModel.schema).deleteField("call_id").update()
    }
}
