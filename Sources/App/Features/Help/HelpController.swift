import TandemCore
import Vapor

/// `/help`: how the programme runs and how Tandem serves each person in it, the questions people ask, and where
/// to write. The calls open now are linked, so their rules (visits, notice, sponsored officials) are read where
/// they are kept rather than repeated here.
struct HelpController: RouteCollection {
    struct Question: Encodable {
        let id: String
        let question: String
        let answer: String
    }

    struct HelpPage: Encodable {
        let steps: [String]
        let questions: [Question]
        let openCalls: [LinkItem]
        let contact: String
    }

    struct LinkItem: Encodable {
        let label: String
        let href: String
    }

    /// The questions, in the order a newcomer meets them (`help_q_KEY`, `help_a_KEY`).
    static let questions = ["who_applies", "deadline", "matching", "visits", "reports", "drafts", "together", "language",
                            "digest", "password", "privacy"]

    func boot(routes: any RoutesBuilder) throws {
        routes.get("help", use: index)
    }

    @Sendable func index(req: Request) async throws -> View {
        let today = CivilDate(utc: req.application.clock.now())
        let calls = try await req.application.callsCache.calls(on: req.db).values.filter { $0.takesApplications(on: today) }.sorted { $0.opens < $1.opens }
        let config = req.application.config
        let page = HelpPage(
            steps: (1...6).map { req.text("help_step_" + String($0)) },
            questions: Self.questions.map { Question(id: "q-" + $0, question: req.text("help_q_" + $0), answer: req.text("help_a_" + $0)) },
            openCalls: calls.map { LinkItem(label: $0.title(in: req.language), href: "/programme/calls/\($0.slug)") },
            contact: config.contactEmail ?? config.mailFrom.address)
        return try await req.renderPage("help/index", title: req.text("help_title"), page)
    }
}
