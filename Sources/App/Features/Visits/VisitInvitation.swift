import Fluent
import Foundation
import TandemCore
import Vapor

/// The host National Authority's letter inviting the visiting delegation, which officials show their consulate for a
/// visa: who travels, when, where, under which programme and who pays, to print, sign and seal.
extension VisitsController {
    struct InvitationPage: Encodable {
        struct Traveller: Encodable {
            let name: String
            let title: String
            let sponsored: String
        }
        let host: String
        let hostAuthority: String
        let hostAddress: String
        let visitor: String
        let date: String
        let body: String
        let travellers: [Traveller]
        let secretariat: String?
        let places: String
    }

    @Sendable func invitation(req: Request) async throws -> View {
        let (record, visit, _) = try await Self.visit(req)
        guard let plan = visit.plan, try visit.visitStatus != .cancelled else { throw Abort(.notFound, reason: req.text("error_404_message")) }
        let language = req.language
        func t(_ key: String, _ values: [String: String] = [:]) -> String { req.localizer.text(key, language, values) }
        let name = { (code: String) in req.states.name(code, in: language) }
        let authority = try await NationalAuthorityModel.query(on: req.db).filter(\.$stateISO3 == plan.host).first()
        let call = try await record.model.$call.get(on: req.db).map { try $0.value() }
        let rules = try await PartnershipSchedule.rules(of: record.model, on: req.db)
        let places = Set(try visit.agendaDays().flatMap { $0.sessions.map(\.place) }.filter { !$0.isEmpty }).sorted()
        let page = InvitationPage(
            host: name(plan.host), hostAuthority: authority?.name ?? t("invitation_authority_of", ["state": name(plan.host)]),
            hostAddress: authority?.address ?? "", visitor: name(plan.visitor), date: language.format(CivilDate(utc: req.application.clock.now())),
            body: t("invitation_body", ["host": name(plan.host), "visitor": name(plan.visitor), "start": language.format(plan.start),
                                         "end": language.format(plan.end), "call": call.map { $0.title(in: language) } ?? t("invitation_programme"),
                                         "officials": String(rules.sponsoredOfficialsPerState)]),
            travellers: visit.delegates.sorted { $0.position < $1.position }.map { delegate in
                InvitationPage.Traveller(name: delegate.name, title: [delegate.title, delegate.organisation].filter { !$0.isEmpty }.joined(separator: ", "),
                                         sponsored: t(delegate.sponsored ? "delegate_sponsored" : "delegate_own_cost"))
            },
            secretariat: visit.secretariat, places: places.joined(separator: "; "))
        return try await req.renderPage("visits/invitation", title: t("invitation_title", ["visitor": page.visitor]), page)
    }
}
