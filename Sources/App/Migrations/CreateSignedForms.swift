import Fluent
import Foundation

/// Every upload of a signed form, numbered per application; a form attached before uploads were kept becomes
/// its application's first.
struct CreateSignedForms: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SignedFormModel.schema)
            .id()
            .field("application_id", .uuid, .required, .references(ApplicationModel.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("file", .string, .required)
            .field("type", .string, .required)
            .field("bytes", .int, .required)
            .field("uploaded_by", .string, .required)
            .field("uploaded_at", .datetime, .required)
            .unique(on: "application_id", "number")
            .create()
        let attached = try await ApplicationModel.query(on: database).filter(\.$signedFormFile != nil).all()
        for application in attached {
            guard let file = application.signedFormFile, let type = application.signedFormType else { continue }
            try await SignedFormModel(applicationID: try application.requireID(), number: 1, file: file, type: type, bytes: 0,
                                      uploadedBy: application.createdBy, uploadedAt: application.updatedAt ?? Date())
                .create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SignedFormModel.schema).delete()
    }
}
