import Fluent
import Foundation
import TandemCore
import Vapor

/// Writes to the focal points of a partnership's states, each in their own language, through the outbox.
/// Every message can name the partnership (`partners`), the recipient's state (`state`) and its partner
/// (`partner`) besides the values given.
struct PartnerMail {
    let app: Application

    @discardableResult
    /// `localized` values are locale keys and `days` are dates, each put in the recipient's language.
    func send(_ kind: Mailer.Kind, to states: [String], partnershipStates: [String], path: String, values: [String: String] = [:],
              localized: [String: String] = [:], days: [String: CivilDate] = [:], on db: any Database, now: Date) async throws -> Int {
        let people = try await UserModel.query(on: db).filter(\.$stateISO3 ~~ states)
            .filter(\.$role == Role.focalPoint.rawValue).filter(\.$isActive == true).all()
        for person in people {
            let language = Language(rawValue: person.language) ?? .en
            let directory = app.statesDirectory
            let partner = partnershipStates.first { $0 != person.stateISO3 } ?? ""
            try await app.mailer.enqueue(
                kind, to: person.email, name: person.displayName, language: language, link: app.config.baseURL + path,
                values: values.merging(localized.mapValues { app.localizer.text($0, language) }) { $1 }
                    .merging(days.mapValues { language.format($0) }) { $1 }.merging(["partners": partnershipStates.map { directory.name($0, in: language) }.joined(separator: " – "),
                                        "state": directory.name(person.stateISO3 ?? "", in: language),
                                        "partner": directory.name(partner, in: language)]) { $1 },
                on: db, now: now)
        }
        return people.count
    }

    @discardableResult
    func send(_ kind: Mailer.Kind, to states: [String], partnership record: PartnershipRecord, link path: String,
              values: [String: String] = [:], days: [String: CivilDate] = [:], on db: any Database, now: Date) async throws -> Int {
        try await send(kind, to: states, partnershipStates: record.states, path: path, values: values, days: days, on: db, now: now)
    }
}
