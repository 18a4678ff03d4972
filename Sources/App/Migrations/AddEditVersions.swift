import Fluent

/// A version on the records people edit through a plain form, so a form drawn before someone else saved is
/// refused rather than written over their change (see `Database.claim`).
struct AddEditVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NationalAuthorityModel.schema).field("version", .int, .required, .sql(.default(0))).update()
        try await database.schema(ParticipantModel.schema).field("version", .int, .required, .sql(.default(0))).update()
        try await database.schema(CallModel.schema).field("version", .int, .required, .sql(.default(0))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CallModel.schema).deleteField("version").update()
        try await database.schema(ParticipantModel.schema).deleteField("version").update()
        try await database.schema(NationalAuthorityModel.schema).deleteField("version").update()
    }
}
