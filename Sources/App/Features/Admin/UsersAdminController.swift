import Fluent
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
        let users = { () -> QueryBuilder<UserModel> in
            let users = UserModel.query(on: req.db)
            if let role { users.filter(\.$role == role.rawValue) }
            if let state { users.filter(\.$stateISO3 == state) }
            return users
        }
        let total = try await users().count()
        let paging = try PageRequest(query, defaultLimit: PageRequest.pageLimit).clamped(total: total)
        let found = try await users().sort(\.$displayName).sort(\.$email).range(paging.offset..<(paging.offset + paging.limit)).all()
        let now = req.application.clock.now()
        let locks = try await SignInThrottleModel.query(on: req.db)
            .filter(\.$key ~~ found.map { "email:" + $0.email }).all()
        let lockedUntil = Dictionary(locks.compactMap { lock in
            lock.lockedUntil.flatMap { $0 > now ? (String(lock.key.dropFirst("email:".count)), $0) : nil }
        }, uniquingKeysWith: max)
        let language = req.language
        let localizer = req.localizer
        let page = UsersPage(
            csrf: req.csrfToken,
            rows: try found.map { user in
                Row(id: try user.requireID().uuidString, name: user.displayName, email: user.email,
                    role: localizer.text("role_name_" + user.role, language),
                    state: user.stateISO3.map { req.states.name($0, in: language) } ?? "",
                    active: user.isActive,
                    lockedUntil: lockedUntil[user.email].map { AuditLogController.timestamp($0) })
            },
            count: localizer.text("users_count", language, ["count": language.format(total)]),
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
