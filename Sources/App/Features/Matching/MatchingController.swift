import Fluent
import TandemCore
import Vapor

/// The Secretariat's matching of a call's accepted applications: set the parameters and run, read the
/// proposal with each pair's score and each exclusion's reason, lock or forbid a pair and run again,
/// compare two runs, and approve one, which puts its pairs to the National Authorities.
struct MatchingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let matching = routes.grouped("programme", "calls", ":slug", "matching").grouped(RequireMiddleware(.manageCalls))
        matching.get(use: index)
        matching.post("runs", use: create)
        matching.get("runs", ":number", use: show)
        matching.post("runs", ":number", "adjust", use: adjust)
        matching.post("runs", ":number", "approve", use: approve)
        matching.get("compare", use: compare)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let call = try await CallsController.model(req)
        let pool = try await req.matchingRuns.pool(for: call)
        let form = MatchingParametersForm(try await req.matchingRuns.startingParameters(for: call), mentors: pool.mentors.map(\.id))
        return try await renderIndex(req, call: call, pool: pool, form: form, problems: [:], status: .ok)
    }

    @Sendable func create(req: Request) async throws -> Response {
        let call = try await CallsController.model(req)
        let pool = try await req.matchingRuns.pool(for: call)
        let form = MatchingParametersForm(values: try req.content.decode([String: String].self))
        switch form.parameters(mentees: Set(pool.mentees.map(\.id)), mentors: pool.mentors.map(\.id)) {
        case .failure(let problems):
            return try await renderIndex(req, call: call, pool: pool, form: form, problems: problems.fields, status: .unprocessableEntity)
        case .success(let parameters):
            let run = try await req.matchingRuns.run(call, parameters: parameters, note: "")
            return req.redirect(to: "/programme/calls/\(call.slug)/matching/runs/\(run.number)", redirectType: .normal)
        }
    }

    @Sendable func show(req: Request) async throws -> View {
        let call = try await CallsController.model(req)
        let run = try await Self.run(req, call: call)
        return try await renderRun(req, call: call, run: run, manual: nil)
    }

    struct Adjustment: Content {
        var action: String
        var mentee: String?
        var mentor: String?
        var confirm: String?
    }

    /// Lock, forbid or release a pair, or add one by hand, and run again from this run's parameters.
    @Sendable func adjust(req: Request) async throws -> Response {
        let call = try await CallsController.model(req)
        let run = try await Self.run(req, call: call)
        let adjustment = try req.content.decode(Adjustment.self)
        let pair = MatchingPair(mentee: (adjustment.mentee ?? "").uppercased(), mentor: (adjustment.mentor ?? "").uppercased())
        let parameters = try run.parametersValue()
        let problem = try run.problemValue()
        guard problem.mentees.contains(where: { $0.id == pair.mentee }), problem.mentors.contains(where: { $0.id == pair.mentor }) else {
            return try await renderRun(req, call: call, run: run, manual: .init(pair: pair, warning: req.text("matching_pair_unknown"), canConfirm: false))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        var changed: MatchingParameters
        switch adjustment.action {
        case "lock": changed = parameters.locking(pair)
        case "forbid": changed = parameters.forbidding(pair)
        case "release": changed = parameters.releasing(pair)
        case "add":
            // A pair added by hand is locked; one the rules refuse needs the Secretariat to confirm it.
            changed = parameters.locking(pair)
            let matcher = Matcher(problem)
            let refusal = matcher.refusal(mentee: problem.mentees.firstIndex { $0.id == pair.mentee }!,
                                          mentor: problem.mentors.firstIndex { $0.id == pair.mentor }!)
            switch refusal {
            case nil: break
            case .noSharedLanguage?, .forbidden?:
                guard adjustment.confirm == "on" else {
                    let warning = req.text("matching_manual_warning_" + refusal!.rawValue)
                    return try await renderRun(req, call: call, run: run, manual: .init(pair: pair, warning: warning, canConfirm: true))
                        .encodeResponse(status: .unprocessableEntity, for: req)
                }
                if refusal == .noSharedLanguage { changed.languageWaivers.append(pair) }
            case let other?:
                let warning = req.localizer.text("matching_manual_refused", req.language,
                                                 ["reason": req.text("match_refusal_" + other.rawValue)])
                return try await renderRun(req, call: call, run: run, manual: .init(pair: pair, warning: warning, canConfirm: false))
                    .encodeResponse(status: .unprocessableEntity, for: req)
            }
        default:
            throw Abort(.badRequest, reason: req.text("matching_action_unknown"))
        }
        let note = req.localizer.text("matching_note_" + adjustment.action, req.language,
                                      ["run": String(run.number), "pair": "\(pair.mentee)–\(pair.mentor)"])
        let next = try await req.matchingRuns.run(call, parameters: changed, note: note)
        return req.redirect(to: "/programme/calls/\(call.slug)/matching/runs/\(next.number)?from=\(run.number)", redirectType: .normal)
    }

    @Sendable func approve(req: Request) async throws -> Response {
        let call = try await CallsController.model(req)
        let run = try await Self.run(req, call: call)
        _ = try await ApproveMatchingRun(runID: try run.requireID()).run(on: req)
        return req.redirect(to: "/proposals?call=\(call.slug)", confirming: "done_run_approved")
    }

    @Sendable func compare(req: Request) async throws -> View {
        let call = try await CallsController.model(req)
        let callID = try call.requireID()
        func load(_ name: String) async throws -> MatchingRunModel {
            guard let number = req.query[Int.self, at: name],
                  let run = try await MatchingRunModel.query(on: req.db).filter(\.$call.$id == callID).filter(\.$number == number).first()
            else { throw Abort(.notFound, reason: req.text("matching_run_not_found")) }
            return run
        }
        let first = try await load("a"), second = try await load("b")
        let page = try MatchingPages(req: req, call: call).comparison(first, second)
        return try await req.renderPage("matching/compare", title: page.title, page)
    }

    // MARK: Rendering

    private func renderIndex(_ req: Request, call: CallModel, pool: MatchingPool, form: MatchingParametersForm,
                             problems: [String: String], status: HTTPStatus) async throws -> Response {
        let runs = try await MatchingRunModel.query(on: req.db).filter(\.$call.$id == call.requireID())
            .sort(\.$number, .descending).all()
        let page = try MatchingPages(req: req, call: call).index(pool: pool, form: form, problems: problems, runs: runs)
        return try await req.renderPage("matching/index", title: page.title, page).encodeResponse(status: status, for: req)
    }

    private func renderRun(_ req: Request, call: CallModel, run: MatchingRunModel, manual: MatchingPages.ManualPair?) async throws -> View {
        let runs = try await MatchingRunModel.query(on: req.db).filter(\.$call.$id == call.requireID())
            .sort(\.$number, .descending).all()
        let page = try MatchingPages(req: req, call: call).run(run, runs: runs, manual: manual,
                                                                 from: req.query[Int.self, at: "from"])
        return try await req.renderPage("matching/run", title: page.title, page)
    }

    static func run(_ req: Request, call: CallModel) async throws -> MatchingRunModel {
        guard let number = req.parameters.get("number", as: Int.self),
              let run = try await MatchingRunModel.query(on: req.db).filter(\.$call.$id == call.requireID())
                .filter(\.$number == number).first()
        else { throw Abort(.notFound, reason: req.text("matching_run_not_found")) }
        return run
    }
}
