import Fluent
import SQLKit
import TandemCore
import Vapor

/// Administrators' list of accounts: filter by role and State Party, deactivate and reactivate, and lift
/// a sign-in lock.
struct UsersAdminController: RouteCollection {
    struct Row: Encodable, Hashable, Sendable {
        let id: String
        let name: String
        let email: String
        let role: String
        let state: String
        let active: Bool
        let lockedUntil: String?
    }

    struct UsersPage: Encodable, Hashable, Sendable {
        let csrf: String
        let rows: [Row]
        let count: String
        let roles: [SelectOption]
        let states: [SelectOption]
        let pager: PagerContext?
    }

    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped(RequireMiddleware(.manageUsers)).grouped("admin", "users")
        users.get(use: index)
        users.post(":id", "deactivate", use: deactivate)
        users.post(":id", "reactivate", use: reactivate)
        users.post(":id", "unlock", use: unlock)
    }

    @Sendable func index(req: Request) async throws -> View {
        let query = req.pageQuery
        let role = try query.choice("role", Role.self)
        let state = try query.stateCode("state")
        // Plain columns, one page: the list shows five fields of each person, not whole accounts.
        let sql = req.db as! any SQLDatabase
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query
            if let role { query = query.where("role", .equal, SQLBind(role.rawValue)) }
            if let state { query = query.where("state_iso3", .equal, SQLBind(state)) }
            return query
        }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total").from(UserModel.schema))
            .first()?.decode(column: "total", as: Int.self) ?? 0
        let paging = try PageRequest(query, defaultLimit: PageRequest.pageLimit).clamped(total: total)
        let found = try await filtered(sql.select().columns("id", "display_name", "email", "role", "state_iso3", "is_active").from(UserModel.schema))
            .orderBy("display_name").orderBy("email").offset(paging.offset).limit(paging.limit).all()
        let emails = try found.map { try $0.decode(column: "email", as: String.self) }
        let now = req.application.clock.now()
        let locks = emails.isEmpty ? [] : try await sql.select().columns("key", "locked_until").from(SignInThrottleModel.schema)
            .where("key", .in, SQLBind.group(emails.map { "email:" + $0 })).all()
        let lockedUntil = Dictionary(try locks.compactMap { lock in
            try lock.decode(column: "locked_until", as: Date?.self).flatMap { until in
                until > now ? (String(try lock.decode(column: "key", as: String.self).dropFirst("email:".count)), until) : nil
            }
        }, uniquingKeysWith: max)
        let language = req.language
        let localizer = req.localizer
        let page = UsersPage(
            csrf: req.csrfToken,
            rows: try found.map { user in
                let email = try user.decode(column: "email", as: String.self)
                return Row(id: try user.decode(column: "id", as: UUID.self).uuidString, name: try user.decode(column: "display_name", as: String.self),
                           email: email, role: localizer.text("role_name_" + (try user.decode(column: "role", as: String.self)), language),
                           state: try user.decode(column: "state_iso3", as: String?.self).map { req.states.name($0, in: language) } ?? "",
                           active: try user.decode(column: "is_active", as: Bool.self),
                           lockedUntil: lockedUntil[email].map { req.language.formatMoment($0) })
            },
            count: localizer.text("users_count", language, count: total),
            roles: Role.allCases.map { SelectOption(value: $0.rawValue, label: localizer.text("role_name_" + $0.rawValue, language), selected: $0 == role) },
            states: req.states.search(nil, group: nil, language: language).map {
                SelectOption(value: $0.iso3, label: $0.name(in: language), selected: $0.iso3 == state)
            },
            pager: Pager.make(req, paging, total: total))
        return try await req.renderListPage("admin/users", title: req.text("users_title"), page)
    }

    @Sendable func deactivate(req: Request) async throws -> Response {
        try await setActive(false, req)
    }

    @Sendable func reactivate(req: Request) async throws -> Response {
        try await setActive(true, req)
    }

    /// Lifts the lock that repeated failed sign-ins put on the account.
    @Sendable func unlock(req: Request) async throws -> Response {
        let user = try await target(req)
        try await req.db.writeTransaction { db in
            try await SignInThrottleModel.query(on: db).filter(\.$key == "email:" + user.email).delete()
            try await req.audit("unlock", entity: "user", key: user.email, on: db)
        }
        return req.redirect(to: "/admin/users", redirectType: .normal)
    }

    /// Deactivating ends every session of the person at once; nothing they did is removed.
    private func setActive(_ active: Bool, _ req: Request) async throws -> Response {
        let user = try await target(req)
        if !active, user.id == req.currentUser?.id {
            throw Abort(.unprocessableEntity, reason: req.text("users_cannot_deactivate_self"))
        }
        try await req.db.writeTransaction { db in
            let before = user.isActive
            user.isActive = active
            try await user.save(on: db)
            if !active { try await SessionModel.query(on: db).filter(\.$user.$id == user.requireID()).delete() }
            try await req.audit(active ? "reactivate" : "deactivate", entity: "user", key: user.email,
                                before: ["active": before], after: ["active": active], on: db)
        }
        return req.redirect(to: "/admin/users", redirectType: .normal)
    }

    private func target(_ req: Request) async throws -> UserModel {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let user = try await UserModel.find(id, on: req.db) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        return user
    }
}
