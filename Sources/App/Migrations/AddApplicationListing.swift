import Fluent
import Foundation
import SQLKit
import TandemCore

/// What the application lists filter on, kept as columns beside the form (written with it by
/// `ApplicationModel.setForm`), so a list asks the database for one page of rows instead of decoding every form.
struct AddApplicationListing: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ApplicationModel.schema).field("mode", .string).update()
        try await database.schema(ApplicationModel.schema).field("areas", .string, .required, .sql(.default(""))).update()
        let sql = database as! any SQLDatabase
        for row in try await sql.select().column("id").column("form").from(ApplicationModel.schema).all() {
            // A form that cannot be read keeps empty columns; reading the application itself reports it.
            guard let form = try? StoredValue.json(ApplicationForm.self, try row.decode(column: "form", as: String.self),
                                                   column: "applications.form") else { continue }
            try await sql.update(ApplicationModel.schema)
                .set("mode", to: SQLBind(form.mode?.rawValue))
                .set("areas", to: SQLBind(ApplicationModel.listed(form.thematicAreas)))
                .where("id", .equal, SQLBind(try row.decode(column: "id", as: UUID.self))).run()
        }
        try await sql.raw("CREATE INDEX IF NOT EXISTS applications_by_submission ON applications (status, submitted_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX IF EXISTS applications_by_submission").run()
        try await database.schema(ApplicationModel.schema).deleteField("areas").update()
        try await database.schema(ApplicationModel.schema).deleteField("mode").update()
    }
}
