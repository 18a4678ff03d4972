import TandemCore
import Vapor

/// The front page: what Tandem is and the programme in a few figures.
struct HomeController: RouteCollection {
    struct HomePage: Encodable {
        let figures: [LabelValue]
        let recent: [PartnershipRow]
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
    }

    @Sendable func home(req: Request) async throws -> View {
        let language = req.language
        let partnerships = try await req.partnerships.all()
        let stats = ProgrammeStatistics(partnerships: partnerships, states: req.states.states,
                                        annualVisitCap: ProgrammeRules.current.annualVisitCap, language: language)
        let t = req.text
        let page = HomePage(
            figures: [
                LabelValue(label: t("stat_partnerships_total"), value: language.format(stats.partnerships)),
                LabelValue(label: t("stat_participating_states"), value: language.format(stats.participatingStates)),
                LabelValue(label: t("stat_share_of_states_parties"), value: language.formatPercent(stats.shareOfStatesPartiesPercent)),
                LabelValue(label: t("stat_visits_total"), value: language.format(stats.visitsTotal)),
            ],
            recent: partnerships.suffix(3).reversed().map { ProgrammeRows(req).row($0) })
        return try await req.renderPage("home", title: t("home_title"), page)
    }
}
