import Fluent

struct CreateVisitDelegates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DelegateModel.schema)
            .id()
            .field("visit_id", .uuid, .required, .references(VisitModel.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("title", .string, .required)
            .field("organisation", .string, .required)
            .field("role", .string, .required)
            .field("gender", .string)
            .field("sponsored", .bool, .required)
            .field("exceptional", .bool, .required)
            .field("exception_approved", .bool, .required)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DelegateModel.schema).delete()
    }
}
