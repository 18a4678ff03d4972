import Fluent
import TandemCore
import Vapor

/// Administrators and programme officers invite people by email. The answer is the same whether or not
/// the address already has an account; its owner gets a note saying so instead of a second account.
struct InvitationsController: RouteCollection {
    struct InvitationForm: Content {
        var email: String?
        var name: String?
        var role: String?
        var state: String?
        var organisation: String?
        var language: String?
    }

    struct Row: Encodable {
        let email: String
        let role: String
        let state: String
        let expires: String
        let status: String
    }

    struct InvitationsPage: Encodable {
        let csrf: String
        let form: InvitationForm
        let errors: [String: String]
        let sentTo: String?
        let roles: [SelectOption]
        let states: [SelectOption]
        let languages: [SelectOption]
        let organisations: [String]
        let rows: [Row]
    }

    func boot(routes: any RoutesBuilder) throws {
        let invitations = routes.grouped(RequireMiddleware(.invite(role: .member))).grouped("admin", "invitations")
        invitations.get(use: index)
        invitations.post(use: invite)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let sentTo = try? req.query.get(String.self, at: "sent")
        return try await render(req, form: InvitationForm(language: req.language.rawValue), errors: [:], sentTo: sentTo, status: .ok)
    }

    @Sendable func invite(req: Request) async throws -> Response {
        let form = try req.content.decode(InvitationForm.self)
        let invitation = Invitation(
            email: (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased(), name: form.name ?? "",
            role: form.role.flatMap(Role.init(rawValue:)), stateISO3: form.state?.uppercased(),
            organisation: form.organisation, language: form.language.flatMap(Language.init(rawValue:)) ?? .en)
        var errors = invitation.problems(states: req.states).mapValues { req.text($0) }
        if let role = invitation.role, !AccessPolicy.decide(req.actor, .invite(role: role)).isAllowed {
            errors["role"] = req.text("invite_role_not_allowed")
        }
        guard errors.isEmpty, let inviter = req.currentUser else {
            return try await render(req, form: form, errors: errors, sentTo: nil, status: .unprocessableEntity)
        }
        let app = req.application
        let now = app.clock.now()
        try await req.db.writeTransaction { db in
            let values = ["inviter": inviter.displayName]
            if let created = try await Invitations.create(invitation, by: inviter.email, from: req.remoteAddress?.ipAddress ?? "",
                                                          on: db, now: now) {
                try await Self.sendInvitation(to: created.user, secret: created.secret, values: values, app: app, on: db, now: now)
            } else if let existing = try await UserModel.query(on: db).filter(\.$email == invitation.email).first(), existing.isActive {
                if existing.passwordHash.isEmpty {
                    // Invited before and never accepted: a fresh link replaces the old ones.
                    try await OneTimeTokenModel.query(on: db).filter(\.$user.$id == existing.requireID())
                        .filter(\.$purpose == OneTimeTokenModel.Purpose.invitation.rawValue).filter(\.$usedAt == nil)
                        .set(\.$usedAt, to: now).update()
                    let secret = try await Invitations.issueLink(.invitation, for: existing, lifetime: Invitations.lifetime, on: db, now: now)
                    try await Self.sendInvitation(to: existing, secret: secret, values: values, app: app, on: db, now: now)
                    try await req.audit("invite_again", entity: "user", key: existing.email, actor: inviter.email, on: db)
                } else {
                    try await app.mailer.enqueue(.alreadyRegistered, to: existing.email, name: existing.displayName,
                                                 language: Language(rawValue: existing.language) ?? .en,
                                                 link: app.config.baseURL + "/account/reset", values: values, on: db, now: now)
                    try await req.audit("invite_existing", entity: "user", key: existing.email, actor: inviter.email, on: db)
                }
            }
        }
        return req.redirect(to: req.link(replacing: ["sent": invitation.email], path: "/admin/invitations"), redirectType: .normal)
    }

    private static func sendInvitation(to user: UserModel, secret: String, values: [String: String], app: Application,
                                       on db: any Database, now: Date) async throws {
        let language = Language(rawValue: user.language) ?? .en
        try await app.mailer.enqueue(
            .invitation, to: user.email, name: user.displayName, language: language,
            link: app.config.baseURL + Invitations.path(.invitation, secret),
            values: values.merging([
                "role": app.localizer.text("role_name_" + user.role, language),
                "expires": language.formatDay(now.addingTimeInterval(Invitations.lifetime)),
            ]) { _, new in new },
            on: db, now: now)
    }

    private func render(_ req: Request, form: InvitationForm, errors: [String: String], sentTo: String?,
                        status: HTTPStatus) async throws -> Response {
        let language = req.language
        let localizer = req.localizer
        let now = req.application.clock.now()
        let pending = try await OneTimeTokenModel.query(on: req.db)
            .filter(\.$purpose == OneTimeTokenModel.Purpose.invitation.rawValue)
            .sort(\.$createdAt, .descending).with(\.$user).range(..<50).all()
        let page = InvitationsPage(
            csrf: req.csrfToken, form: form, errors: errors, sentTo: sentTo,
            roles: Role.allCases.filter { AccessPolicy.decide(req.actor, .invite(role: $0)).isAllowed }.map {
                SelectOption(value: $0.rawValue, label: localizer.text("role_name_" + $0.rawValue, language), selected: $0.rawValue == form.role)
            },
            states: req.states.search(nil, group: nil, language: language).map {
                SelectOption(value: $0.iso3, label: $0.name(in: language), selected: $0.iso3 == form.state?.uppercased())
            },
            languages: Language.allCases.map {
                SelectOption(value: $0.rawValue, label: localizer.text("language_name", $0), selected: $0.rawValue == form.language)
            },
            organisations: try await OrganisationModel.query(on: req.db).sort(\.$name).all().map(\.name),
            rows: pending.map { token in
                let status = token.usedAt == nil ? (token.expiresAt <= now ? "invite_status_expired" : "invite_status_pending")
                    : token.user.passwordHash.isEmpty ? "invite_status_replaced" : "invite_status_accepted"
                return Row(email: token.user.email, role: localizer.text("role_name_" + token.user.role, language),
                           state: token.user.stateISO3.map { req.states.name($0, in: language) } ?? "",
                           expires: language.formatMoment(token.expiresAt), status: localizer.text(status, language))
            })
        return try await req.renderPage("admin/invitations", title: req.text("invite_title"), page)
            .encodeResponse(status: status, for: req)
    }
}
