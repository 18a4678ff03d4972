import Fluent
import Foundation
import TandemCore
import Vapor

/// Closing the loop between needs and offers: telling the other side of a suggested match (once per pair), saying
/// whether a need was met, and the coverage of open needs by offers, thematic area × regional group.
struct NeedsOffersController: RouteCollection {
    struct CoveragePage: Encodable {
        struct Cell: Encodable {
            let needs: String
            let offers: String
            let gap: Bool
        }
        struct Row: Encodable {
            let area: String
            let cells: [Cell]
            let open: String
            let partlyMet: String
            let met: String
        }
        let groups: [String]
        let rows: [Row]
        let chart: String
        let gaps: [String]
        let csvHref: String
    }

    func boot(routes: any RoutesBuilder) throws {
        let house = routes.grouped("clearing-house")
        house.get("coverage", use: coverage)
        house.get("coverage.csv", use: coverageCSV)
        let signedIn = house.grouped(RequireMiddleware(.manageOwnAccount))
        signedIn.post("records", ":id", "tell", ":other", use: tell)
        signedIn.post("records", ":id", "outcome", use: outcome)
    }

    // MARK: - Telling the other side

    @Sendable func tell(req: Request) async throws -> Response {
        let access = try await RecordAccess.load(req)
        guard access.standing.isOwner || access.standing.isSecretariat, let user = req.currentUser else {
            throw Abort(.forbidden, reason: req.text("error_403_message"))
        }
        // The other side is told of a record it can open: a published one, not kept for the Secretariat.
        guard access.publication.status == .published, access.record.recordVisibility != .secretariat else {
            throw Abort(.conflict, reason: req.text("match_not_suggested"))
        }
        guard let otherID = req.parameters.get("other", as: UUID.self), let other = try await ClearingRecordModel.find(otherID, on: req.db) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        let otherAccess = try await RecordAccess.of(other, by: user, on: req.db)
        guard otherAccess.publication.status == .published,
              otherAccess.publication.mayRead(other.recordVisibility, by: otherAccess.standing, signedIn: true) else {
            throw Abort(.notFound, reason: req.text("error_404_message"))
        }
        // Only a pair the suggestions make: the button is not a way to write to anyone.
        let matches = RecordMatches(req: req)
        let (needAccess, offerAccess) = access.kind == .need ? (access, otherAccess) : (otherAccess, access)
        guard let need = matches.need(needAccess.record, needAccess.document),
              let offer = matches.offer(offerAccess.record, offerAccess.kind, offerAccess.document),
              !NeedSuggestions.suggest(for: need, among: [offer], today: CivilDate(utc: req.application.clock.now())).isEmpty else {
            throw Abort(.conflict, reason: req.text("match_not_suggested"))
        }
        let recipients: [UserModel]
        if let state = other.stateISO3, otherAccess.kind.isNational {
            recipients = try await UserModel.query(on: req.db).filter(\.$stateISO3 == state).filter(\.$role == Role.focalPoint.rawValue)
                .filter(\.$isActive == true).all()
        } else {
            recipients = try await UserModel.query(on: req.db).filter(\.$email == other.ownerEmail).filter(\.$isActive == true).all()
        }
        let id = try access.record.requireID()
        let key = "tell:\(id):\(otherID)"
        let now = req.application.clock.now()
        let app = req.application
        let mine = access.record.originalTitle
        let theirs = other.originalTitle
        do {
            try await req.db.writeTransaction { db in
                try await SentReminderModel(key: key, sentAt: now).create(on: db)
                for person in recipients {
                    try await app.mailer.enqueue(.matchSuggested, to: person.email, name: person.displayName, language: Language(rawValue: person.language) ?? .en,
                                                 link: app.config.baseURL + "/clearing-house/records/" + id.uuidString,
                                                 values: ["match": mine, "yours": theirs, "by": user.displayName], on: db, now: now)
                }
                try await req.audit("tell", entity: "clearing_record", key: id.uuidString, after: ["told": otherID.uuidString], on: db)
            }
        } catch where error.isConstraintViolation {
            return req.redirect(to: "/clearing-house/records/" + id.uuidString, confirming: "done_match_told_already")
        }
        return req.redirect(to: "/clearing-house/records/" + id.uuidString, confirming: "done_match_told")
    }

    // MARK: - Was the need met?

    @Sendable func outcome(req: Request) async throws -> Response {
        let access = try await RecordAccess.load(req)
        guard access.kind == .need, access.mayEdit, let user = req.currentUser else { throw Abort(.forbidden, reason: req.text("error_403_message")) }
        let pairs = FormBody.pairs(req)
        let status = FormBody.value("needStatus", in: pairs) ?? ""
        guard Vocabulary.needStatus.contains(status) else { throw Abort(.badRequest, reason: req.text("record_value_unknown")) }
        var document = access.document
        document.values["needStatus"] = status
        document.values["statusOn"] = CivilDate(utc: req.application.clock.now()).description
        var draft = ClearingRecordDraft(access.record)
        draft.document = document.stored
        let basedOn = Int(FormBody.value("version", in: pairs) ?? "") ?? access.record.version
        let id = try access.record.requireID()
        switch try await SaveClearingRecord(recordID: id, draft: draft, basedOn: basedOn)
            .run(by: user, from: req.remoteAddress?.ipAddress ?? "", app: req.application, on: req.db) {
        case .stale:
            throw Abort(.conflict, reason: req.text("record_saved_meanwhile_outcome"))
        case .saved, .unchanged:
            return req.redirect(to: "/clearing-house/records/" + id.uuidString, confirming: "done_need_outcome")
        }
    }

    // MARK: - Coverage

    /// Open needs against offers from what the reader may see: an offer counts in the groups it names, or in every
    /// group when it names none; a completed project or an expert not available does not count.
    private func compute(_ req: Request) async throws -> (coverage: Coverage, statuses: [String: [String: Int]]) {
        let snapshot = try await req.application.clearingIndex.current(on: req.db)
        let visible = Set(RecordSearch.Reader(req).visibilities.compactMap(RecordVisibility.init(rawValue:)))
        var needs: [(area: String, group: RegionalGroup)] = []
        var offers: [(areas: Set<String>, groups: Set<RegionalGroup>)] = []
        var statuses: [String: [String: Int]] = [:]
        for entry in snapshot.index.entries.values where visible.contains(entry.visibility) {
            let codes = entry.codes
            let groups = Set(codes["groups", default: []].compactMap(RegionalGroup.init(slug:)))
            if entry.kind == .need {
                for area in codes["areas", default: []] {
                    for status in codes["needStatus", default: []] { statuses[area, default: [:]][status, default: 0] += 1 }
                    if !codes["needStatus", default: []].isDisjoint(with: RecordMatches.openNeeds), let group = groups.first {
                        needs.append((area, group))
                    }
                }
            } else if RecordMatches.offerKinds.contains(entry.kind) {
                if !codes["projectStatus", default: []].isDisjoint(with: ["completed", "suspended"]) { continue }
                if codes["availability", default: []].contains("unavailable") { continue }
                offers.append((codes["areas", default: []], entry.kind == .expert ? [] : groups))
            }
        }
        return (Coverage(areas: ThematicArea.annex2.map(\.key), needs: needs, offers: offers), statuses)
    }

    @Sendable func coverage(req: Request) async throws -> View {
        let (coverage, statuses) = try await compute(req)
        let language = req.language
        let groups = RegionalGroup.allCases
        let rows = coverage.areas.map { area in
            CoveragePage.Row(
                area: req.localizer.text("thematic_area_" + area, language),
                cells: groups.map { group in
                    let cell = coverage[area, group]
                    return .init(needs: language.format(cell.needs), offers: language.format(cell.offers), gap: cell.isGap)
                },
                open: language.format(statuses[area]?["open"] ?? 0), partlyMet: language.format(statuses[area]?["partly_met"] ?? 0),
                met: language.format(statuses[area]?["met"] ?? 0))
        }
        let page = CoveragePage(
            groups: groups.map { req.localizer.groupName($0, language) }, rows: rows, chart: chart(coverage, req: req),
            gaps: coverage.gaps.map { "\(req.localizer.text("thematic_area_" + $0.area, language)) · \(req.localizer.groupName($0.group, language))" },
            csvHref: "/clearing-house/coverage.csv?lang=" + language.rawValue)
        return try await req.renderPage("clearing-house/coverage", title: req.text("coverage_title"), page)
    }

    @Sendable func coverageCSV(req: Request) async throws -> Response {
        let (coverage, statuses) = try await compute(req)
        var rows: [[String]] = []
        for area in coverage.areas {
            let counts = ["open", "partly_met", "met"].map { String(statuses[area]?[$0] ?? 0) }
            for group in RegionalGroup.allCases {
                let cell = coverage[area, group]
                rows.append([area, group.slug, String(cell.needs), String(cell.offers), cell.isGap ? "yes" : "no"] + counts)
            }
        }
        return .download(CSVWriter.write(header: ["area", "group", "open_needs", "offers", "gap", "area_needs_open", "area_needs_partly_met",
                                                  "area_needs_met"], rows: rows),
                         filename: "clearing-house-coverage.csv")
    }

    /// The table as a grid: one square per area and group, darker for more open needs, outlined in red where nothing
    /// is offered, with both figures written in it.
    private func chart(_ coverage: Coverage, req: Request) -> String {
        let groups = RegionalGroup.allCases
        let cellWidth = 96, cellHeight = 34, left = 250, top = 30
        let width = left + cellWidth * groups.count + 10
        let height = top + cellHeight * coverage.areas.count + 10
        let most = max(1, coverage.areas.flatMap { area in groups.map { coverage[area, $0].needs } }.max() ?? 1)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"coverage-chart-title\">"
        svg += "<title id=\"coverage-chart-title\">\(SVGText.escape(req.text("coverage_chart_title")))</title>"
        for (column, group) in groups.enumerated() {
            svg += "<text x=\"\(left + column * cellWidth + cellWidth / 2)\" y=\"\(top - 10)\" text-anchor=\"middle\" font-size=\"13\" fill=\"#1f2933\">\(SVGText.escape(req.localizer.groupName(group, req.language)))</text>"
        }
        for (row, area) in coverage.areas.enumerated() {
            let y = top + row * cellHeight
            let name = req.localizer.text("thematic_area_" + area, req.language)
            svg += "<text x=\"\(left - 8)\" y=\"\(y + cellHeight / 2 + 4)\" text-anchor=\"end\" font-size=\"12\" fill=\"#1f2933\">\(SVGText.escape(name.count > 30 ? String(name.prefix(28)) + "…" : name))</text>"
            for (column, group) in groups.enumerated() {
                let cell = coverage[area, group]
                let x = left + column * cellWidth
                let shade = cell.needs == 0 ? 0.0 : 0.2 + 0.6 * Double(cell.needs) / Double(most)
                let fill = cell.needs == 0 ? "#f0f4f8" : "rgba(29,95,138,\(String(format: "%.2f", shade)))"
                svg += "<rect x=\"\(x + 2)\" y=\"\(y + 2)\" width=\"\(cellWidth - 4)\" height=\"\(cellHeight - 4)\" fill=\"\(fill)\"\(cell.isGap ? " stroke=\"#b3261e\" stroke-width=\"3\"" : "")/>"
                let ink = shade > 0.5 ? "#ffffff" : "#1f2933"
                svg += "<text x=\"\(x + cellWidth / 2)\" y=\"\(y + cellHeight / 2 + 4)\" text-anchor=\"middle\" font-size=\"12\" fill=\"\(ink)\">\(cell.needs) / \(cell.offers)</text>"
            }
        }
        return svg + "</svg>"
    }
}
