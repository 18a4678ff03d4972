import Fluent
import Foundation
import TandemCore
import Vapor

/// Writes to the focal points of a partnership's states, or to every programme officer, each in their own language,
/// through the outbox. Every message can name the partnership (`partners`), the recipient's state (`state`) and its
/// partner (`partner`) besides the values given.
struct PartnerMail {
    let app: Application

    @discardableResult
    /// `localized` values are locale keys and `days` are dates, each put in the recipient's language.
    /// `inLanguage` gives values written for each recipient's language (a call's title in it, say).
    func send(_ kind: Mailer.Kind, to states: [String], partnershipStates: [String], path: String, values: [String: String] = [:],
              localized: [String: String] = [:], days: [String: CivilDate] = [:], inLanguage: @Sendable (Language) -> [String: String] = { _ in [:] },
              on db: any Database, now: Date) async throws -> Int {
        let people = try await UserModel.query(on: db).filter(\.$stateISO3 ~~ states)
            .filter(\.$role == Role.focalPoint.rawValue).filter(\.$isActive == true).all()
        return try await write(kind, to: people, about: partnershipStates, path: path, values: values, localized: localized, days: days,
                               inLanguage: inLanguage, on: db, now: now)
    }

    /// To every active programme officer: what a state did that the Secretariat acts on next (a submission, a visit
    /// to confirm, a report to review, a withdrawal).
    @discardableResult
    func sendToSecretariat(_ kind: Mailer.Kind, about states: [String], path: String, values: [String: String] = [:],
                           localized: [String: String] = [:], days: [String: CivilDate] = [:],
                           inLanguage: @Sendable (Language) -> [String: String] = { _ in [:] }, on db: any Database, now: Date) async throws -> Int {
        let officers = try await UserModel.query(on: db).filter(\.$role == Role.secretariat.rawValue).filter(\.$isActive == true).all()
        return try await write(kind, to: officers, about: states, path: path, values: values, localized: localized, days: days,
                               inLanguage: inLanguage, on: db, now: now)
    }

    @discardableResult
    func send(_ kind: Mailer.Kind, to states: [String], partnership record: PartnershipRecord, link path: String,
              values: [String: String] = [:], days: [String: CivilDate] = [:], on db: any Database, now: Date) async throws -> Int {
        try await send(kind, to: states, partnershipStates: record.states, path: path, values: values, days: days, on: db, now: now)
    }

    private func write(_ kind: Mailer.Kind, to people: [UserModel], about states: [String], path: String, values: [String: String],
                       localized: [String: String], days: [String: CivilDate], inLanguage: (Language) -> [String: String],
                       on db: any Database, now: Date) async throws -> Int {
        let directory = app.statesDirectory
        for person in people {
            let language = Language(rawValue: person.language) ?? .en
            let own = person.stateISO3 ?? states.first ?? ""
            let partner = states.first { $0 != own } ?? ""
            try await app.mailer.enqueue(
                kind, to: person.email, name: person.displayName, language: language, link: app.config.baseURL + path,
                values: values.merging(localized.mapValues { app.localizer.text($0, language) }) { $1 }
                    .merging(days.mapValues { language.format($0) }) { $1 }.merging(inLanguage(language)) { $1 }
                    .merging(["partners": states.map { directory.name($0, in: language) }.joined(separator: " – "),
                              "state": directory.name(own, in: language), "partner": directory.name(partner, in: language)]) { $1 },
                on: db, now: now)
        }
        return people.count
    }
}
