import Fluent

struct CreateMatchingRuns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MatchingRunModel.schema)
            .id()
            .field("call_id", .uuid, .required, .references(CallModel.schema, "id", onDelete: .restrict))
            .field("number", .int, .required)
            .field("parameters", .string, .required)
            .field("problem", .string, .required)
            .field("proposal", .string, .required)
            .field("total", .int, .required)
            .field("pair_count", .int, .required)
            .field("feasible", .bool, .required)
            .field("note", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime)
            .field("approved_by", .string)
            .field("approved_at", .datetime)
            .unique(on: "call_id", "number")
            .create()
        try await database.schema(PartnershipProposalModel.schema)
            .id()
            .field("call_id", .uuid, .required, .references(CallModel.schema, "id", onDelete: .restrict))
            .field("run_id", .uuid, .required, .references(MatchingRunModel.schema, "id", onDelete: .restrict))
            .field("mentee_iso3", .string, .required, .references(StatePartyModel.schema, "iso3", onDelete: .restrict))
            .field("mentor_iso3", .string, .required, .references(StatePartyModel.schema, "iso3", onDelete: .restrict))
            .field("score", .int, .required)
            .field("status", .string, .required)
            .field("mentee_answer", .string)
            .field("mentor_answer", .string)
            .field("decline_reason", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PartnershipProposalModel.schema).delete()
        try await database.schema(MatchingRunModel.schema).delete()
    }
}
