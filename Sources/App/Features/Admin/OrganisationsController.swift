import Fluent
import TandemCore
import Vapor

/// Partner organisations, for administrators: each has a name, a kind and, optionally, a country; members
/// of an organisation are bound to it by their role.
struct OrganisationsController: RouteCollection {
    struct OrganisationForm: Content {
        var name: String?
        var kind: String?
        var country: String?
    }

    struct Row: Encodable {
        let id: String
        let name: String
        let kind: String
        let country: String
        let members: Int
    }

    struct OrganisationsPage: Encodable {
        let csrf: String
        let rows: [Row]
        /// The form: a new organisation, or the one being edited.
        let editing: String?
        let form: OrganisationForm
        let kinds: [SelectOption]
        let countries: [SelectOption]
        let errors: [String: String]
    }

    func boot(routes: any RoutesBuilder) throws {
        let organisations = routes.grouped(RequireMiddleware(.manageUsers)).grouped("admin", "organisations")
        organisations.get(use: index)
        organisations.post(use: create)
        organisations.get(":id", use: edit)
        organisations.post(":id", use: update)
    }

    @Sendable func index(req: Request) async throws -> Response {
        try await render(req, editing: nil, form: OrganisationForm(kind: OrganisationKind.other.rawValue), errors: [:], status: .ok)
    }

    @Sendable func edit(req: Request) async throws -> Response {
        let organisation = try await Self.target(req)
        return try await render(req, editing: try organisation.requireID().uuidString,
                                form: OrganisationForm(name: organisation.name, kind: organisation.kind, country: organisation.countryISO3),
                                errors: [:], status: .ok)
    }

    @Sendable func create(req: Request) async throws -> Response {
        try await save(req, OrganisationModel(name: "", kind: OrganisationKind.other.rawValue, countryISO3: nil))
    }

    @Sendable func update(req: Request) async throws -> Response {
        try await save(req, try await Self.target(req))
    }

    private func save(_ req: Request, _ organisation: OrganisationModel) async throws -> Response {
        let form = try req.content.decode(OrganisationForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let kind = form.kind.flatMap(OrganisationKind.init(rawValue:))
        let country = (form.country ?? "").isEmpty ? nil : form.country.flatMap { req.states[$0] }?.iso3
        var errors: [String: String] = [:]
        if name.isEmpty || name.count > 200 {
            errors["name"] = req.text("invite_organisation_needed")
        } else if let same = try await OrganisationModel.query(on: req.db).filter(\.$name == name).first(), same.id != organisation.id {
            errors["name"] = req.text("organisations_name_taken")
        }
        if kind == nil { errors["kind"] = req.text("organisations_kind_needed") }
        if !(form.country ?? "").isEmpty && country == nil { errors["country"] = req.text("organisations_country_unknown") }
        guard errors.isEmpty, let kind else {
            return try await render(req, editing: organisation.id?.uuidString, form: form, errors: errors, status: .unprocessableEntity)
        }
        let before = organisation.id == nil ? nil : ["name": organisation.name, "kind": organisation.kind, "country": organisation.countryISO3 ?? ""]
        try await req.db.writeTransaction { db in
            organisation.name = name
            organisation.kind = kind.rawValue
            organisation.countryISO3 = country
            try await organisation.save(on: db)
            try await req.audit(before == nil ? "create" : "update", entity: "organisation", key: name, before: before,
                                after: ["name": name, "kind": kind.rawValue, "country": country ?? ""], on: db)
        }
        return req.redirect(to: "/admin/organisations", redirectType: .normal)
    }

    private static func target(_ req: Request) async throws -> OrganisationModel {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let organisation = try await OrganisationModel.find(id, on: req.db) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return organisation
    }

    private func render(_ req: Request, editing: String?, form: OrganisationForm, errors: [String: String],
                        status: HTTPStatus) async throws -> Response {
        let language = req.language
        let localizer = req.localizer
        let organisations = try await OrganisationModel.query(on: req.db).sort(\.$name).all()
        let members = try await UserModel.query(on: req.db).filter(\.$organisation.$id != nil).all()
        let counts = Dictionary(grouping: members.compactMap { $0.$organisation.id }, by: { $0 }).mapValues(\.count)
        let page = OrganisationsPage(
            csrf: req.csrfToken,
            rows: try organisations.map {
                Row(id: try $0.requireID().uuidString, name: $0.name, kind: localizer.text("organisation_kind_" + $0.kind, language),
                    country: $0.countryISO3.map { req.states.name($0, in: language) } ?? "—", members: counts[try $0.requireID()] ?? 0)
            },
            editing: editing, form: form,
            kinds: OrganisationKind.allCases.map {
                SelectOption(value: $0.rawValue, label: localizer.text("organisation_kind_" + $0.rawValue, language), selected: $0.rawValue == form.kind)
            },
            countries: req.states.search(nil, group: nil, language: language).map {
                SelectOption(value: $0.iso3, label: $0.name(in: language), selected: $0.iso3 == form.country?.uppercased())
            },
            errors: errors)
        return try await req.renderPage("admin/organisations", title: req.text("organisations_title"), page)
            .encodeResponse(status: status, for: req)
    }
}
