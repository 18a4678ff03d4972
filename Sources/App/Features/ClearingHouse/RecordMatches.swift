import Fluent
import Foundation
import TandemCore
import Vapor

/// Needs and offers side by side: for an open need, the published projects, opportunities, organisations and experts
/// and the programme's mentors (states whose accepted application offers expertise in the need's area) that could
/// serve it; for an offer, the open needs it could serve. Scored by `NeedSuggestions`, each with why it was suggested.
struct RecordMatches {
    struct Row: Encodable {
        let title: String
        let href: String
        let kind: String
        let score: String
        let why: String
        /// Where the reader tells the other side about this match, when they may.
        let tellAction: String?
    }

    static let offerKinds: Set<RecordKind> = [.project, .opportunity, .organisation, .expert]
    static let openNeeds: Set<String> = ["open", "partly_met"]
    /// Candidates read for one page: the newest in the area.
    static let candidates = 2_000

    let req: Request

    private var states: StatesDirectory { req.application.statesDirectory }
    private var today: CivilDate { CivilDate(utc: req.application.clock.now()) }

    /// The need a record states, while it is open.
    func need(_ record: ClearingRecordModel, _ document: RecordDocument) -> NeedSuggestions.Need? {
        guard (try? record.recordKind) == .need, Self.openNeeds.contains(document["needStatus"]), let iso3 = record.stateISO3,
              let state = states[iso3], !document["areas"].isEmpty else { return nil }
        let languages = document.list("languages").isEmpty ? state.languages : document.list("languages")
        return NeedSuggestions.Need(state: iso3, group: state.regionalGroup, subregion: state.subregion, area: document["areas"],
                                    languages: Set(languages), assistance: Set(document.list("assistance")))
    }

    /// What a record offers. An expert serves any state; an offer naming states or groups serves those.
    func offer(_ record: ClearingRecordModel, _ kind: RecordKind, _ document: RecordDocument) -> NeedSuggestions.Offer? {
        guard Self.offerKinds.contains(kind), let id = record.id?.uuidString else { return nil }
        let codes = document.codes(.of(kind))
        var until: CivilDate?
        switch kind {
        case .opportunity: until = CivilDate(iso: document["activeUntil"]) ?? CivilDate(iso: document["deadline"])
        case .project:
            if ["completed", "suspended"].contains(document["projectStatus"]) { return nil }
            until = CivilDate(iso: document["ends"])
        case .expert:
            if document["availability"] == "unavailable" { return nil }
            until = record.updatedAt.map { ExpertEntry.lapsesOn(lastUpdated: CivilDate(utc: $0)) }
        default: break
        }
        let named = kind == .expert ? [] : codes["states", default: []]
        return NeedSuggestions.Offer(
            id: id, areas: codes["areas", default: []], states: named,
            groups: kind == .expert ? [] : Set(codes["groups", default: []].compactMap(RegionalGroup.init(slug:))),
            subregions: Set(named.compactMap { states[$0]?.subregion }), languages: codes["languages", default: []],
            assistance: NeedSuggestions.assistance(offeredBy: kind, codes: codes), openUntil: until)
    }

    /// The offers suggested for an open need.
    func offers(for access: RecordAccess) async throws -> [Row] {
        guard let need = need(access.record, access.document) else { return [] }
        var query = RecordQuery(kinds: Self.offerKinds, included: ["areas": [need.area]], order: .newest)
        query.page = 1
        let ids = Array(try await RecordSearch().allIDs(query, reader: RecordSearch.Reader(req), index: req.application.clearingIndex, on: req.db)
            .prefix(Self.candidates))
        let models = ids.isEmpty ? [] : try await ClearingRecordModel.query(on: req.db).filter(\.$id ~~ ids).all()
        var offers: [NeedSuggestions.Offer] = []
        var byID: [String: (ClearingRecordModel, RecordKind, RecordDocument)] = [:]
        for model in models {
            guard let kind = try? model.recordKind, let document = try? model.recordDocument(), let offer = offer(model, kind, document) else { continue }
            offers.append(offer)
            byID[offer.id] = (model, kind, document)
        }
        var mentors: [String: String] = [:]
        for (state, offer) in try await mentorOffers() {
            offers.append(offer)
            mentors[offer.id] = state
        }
        let labels = RecordLabels(req)
        let mayTell = access.standing.isOwner || access.standing.isSecretariat
        let needID = try access.record.requireID().uuidString
        return NeedSuggestions.suggest(for: need, among: offers, today: today).compactMap { suggestion in
            if let state = mentors[suggestion.offer] {
                return Row(title: req.localizer.text("suggestion_mentor", req.language, ["state": states.name(state, in: req.language)]),
                           href: "/states/" + state, kind: req.text("suggestion_mentor_kind"), score: req.language.format(suggestion.score),
                           why: why(suggestion), tellAction: nil)
            }
            guard let (model, kind, document) = byID[suggestion.offer], let title = try? model.title(in: req.language, document: document) else { return nil }
            return Row(title: title.text, href: "/clearing-house/records/" + suggestion.offer, kind: labels.kind(kind),
                       score: req.language.format(suggestion.score), why: why(suggestion),
                       tellAction: mayTell ? "/clearing-house/records/\(needID)/tell/\(suggestion.offer)" : nil)
        }
    }

    /// The open needs an offer could serve.
    func needs(for access: RecordAccess) async throws -> [Row] {
        guard let offer = offer(access.record, access.kind, access.document), !offer.areas.isEmpty else { return [] }
        var query = RecordQuery(kinds: [.need], included: ["areas": offer.areas], excluded: ["needStatus": ["met"]], order: .newest)
        query.page = 1
        let ids = Array(try await RecordSearch().allIDs(query, reader: RecordSearch.Reader(req), index: req.application.clearingIndex, on: req.db)
            .prefix(Self.candidates))
        let models = ids.isEmpty ? [] : try await ClearingRecordModel.query(on: req.db).filter(\.$id ~~ ids).all()
        var needs: [(id: String, need: NeedSuggestions.Need)] = []
        var byID: [String: (ClearingRecordModel, RecordDocument)] = [:]
        for model in models {
            guard let document = try? model.recordDocument(), let need = need(model, document), let id = model.id?.uuidString else { continue }
            needs.append((id, need))
            byID[id] = (model, document)
        }
        let mayTell = access.standing.isOwner || access.standing.isSecretariat
        let offerID = try access.record.requireID().uuidString
        return NeedSuggestions.needs(servedBy: offer, among: needs, today: today).compactMap { suggestion in
            guard let (model, document) = byID[suggestion.offer], let title = try? model.title(in: req.language, document: document) else { return nil }
            return Row(title: title.text, href: "/clearing-house/records/" + suggestion.offer,
                       kind: model.stateISO3.map { states.name($0, in: req.language) } ?? "", score: req.language.format(suggestion.score),
                       why: why(suggestion), tellAction: mayTell ? "/clearing-house/records/\(offerID)/tell/\(suggestion.offer)" : nil)
        }
    }

    /// States whose accepted application to an open call offers expertise: the programme's mentors.
    private func mentorOffers() async throws -> [(String, NeedSuggestions.Offer)] {
        let open = try await req.application.callsCache.calls(on: req.db).filter { $0.value.status == .open }.map(\.key)
        guard !open.isEmpty else { return [] }
        let applications = try await ApplicationModel.query(on: req.db).filter(\.$call.$id ~~ open)
            .filter(\.$status == ApplicationStatus.accepted.rawValue).all()
        return applications.compactMap { application in
            guard let form = try? application.value(), form.mode?.offers == true, !form.expertise.isEmpty else { return nil }
            return (application.stateISO3, NeedSuggestions.Offer(id: "mentor:" + application.stateISO3, areas: Set(form.expertise.map(\.key)),
                                                                 languages: Set(form.workingLanguages), assistance: ["mentorship", "exchange_visit"]))
        }
    }

    private func why(_ suggestion: NeedSuggestions.Suggestion) -> String {
        suggestion.reasons.map { req.text("suggestion_reason_" + $0.rawValue) }.joined(separator: " · ")
    }
}
