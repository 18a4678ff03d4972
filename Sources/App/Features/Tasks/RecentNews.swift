import Fluent
import Foundation
import TandemCore
import Vapor

/// What happened lately that concerns a person, newest first, shown under "To do": for a focal point what others did
/// in their state's partnerships (a visit proposed or confirmed, a report returned); for an officer what happened in
/// every partnership. Told, not counted: it is not something to do.
struct RecentNews {
    struct Line: Encodable {
        let when: String
        let text: String
        let partnership: String
        let href: String
    }

    let reader: TaskReader
    /// How far back the news goes, and how many lines at most.
    static let days = 14
    static let limit = 12

    func lines() async throws -> [Line] {
        let actor = reader.actor
        let since = reader.application.clock.now().addingTimeInterval(-Double(Self.days) * 86_400)
        let query = TimelineEventModel.query(on: reader.db).filter(\.$at >= since).sort(\.$at, .descending).limit(Self.limit)
        if let email = reader.email { query.filter(\.$actor != email) }
        if !AccessPolicy.decide(actor, .manageProgramme).isAllowed {
            guard actor.role == .focalPoint, let state = actor.state else { return [] }
            let ids = try await ParticipantModel.query(on: reader.db).filter(\.$stateISO3 == state).all().map { $0.$partnership.id }
            guard !ids.isEmpty else { return [] }
            query.filter(\.$partnership.$id ~~ ids)
        }
        let events = try await query.with(\.$partnership).all()
        let participants = try await ParticipantModel.query(on: reader.db).filter(\.$partnership.$id ~~ Set(events.map { $0.$partnership.id })).all()
        let text = TimelineText(localizer: reader.localizer, language: reader.language, states: reader.states)
        return events.map { event in
            let code = event.partnership.code
            let pair = participants.filter { $0.$partnership.id == event.$partnership.id }.map { reader.states.name($0.stateISO3, in: reader.language) }
            return Line(when: reader.language.formatDay(event.at), text: text.text(event), partnership: pair.joined(separator: " – "),
                        href: "/partnerships/\(code)")
        }
    }
}
