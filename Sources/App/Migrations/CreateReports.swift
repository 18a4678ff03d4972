import Fluent

struct CreateReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReportModel.schema)
            .id()
            .field("partnership_id", .uuid, .required, .references(PartnershipModel.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("sequence", .int, .required)
            .field("due_on", .string)
            .field("status", .string, .required)
            .field("form", .string, .required)
            .field("drafted_by_iso3", .string)
            .field("cosigned_by_iso3", .string)
            .field("submitted_at", .datetime)
            .field("accepted_at", .datetime)
            .field("request", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "partnership_id", "kind", "sequence")
            .create()
        try await database.schema(ReportVersionModel.schema)
            .id()
            .field("report_id", .uuid, .required, .references(ReportModel.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("status", .string, .required)
            .field("form", .string, .required)
            .field("comments", .string, .required)
            .field("by", .string, .required)
            .field("at", .datetime, .required)
            .unique(on: "report_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReportVersionModel.schema).delete()
        try await database.schema(ReportModel.schema).delete()
    }
}
