import Fluent
import Foundation
import TandemCore
import Vapor

/// The Secretariat's decision on a submitted application, with its reasons, and the email that tells the
/// state's focal points, in each one's language.
struct ApplicationDecision {
    enum Outcome: String, CaseIterable {
        case accepted
        case returned
        case notAccepted = "not_accepted"

        var status: ApplicationStatus {
            switch self {
            case .accepted: .accepted
            case .returned: .returned
            case .notAccepted: .notAccepted
            }
        }
    }

    let outcome: Outcome
    /// By section ("1" to "5") or "general".
    let reasons: [String: String]

    /// Locale keys of what is missing, by field: a return needs a reason for at least one section, a refusal a
    /// general reason.
    var problems: [String: String] {
        switch outcome {
        case .accepted: [:]
        case .returned: reasons.keys.contains(where: { $0 != "general" }) ? [:] : ["reasons": "review_reason_per_section_needed"]
        case .notAccepted: reasons["general"] == nil ? ["general": "review_general_reason_needed"] : [:]
        }
    }

    /// The decision and its emails, in one transaction: a decision is never recorded without telling the state,
    /// nor told without being recorded.
    func apply(to application: ApplicationModel, on req: Request) async throws {
        let app = req.application
        let actor = req.currentUser?.email ?? ""
        let call = try application.call.value()
        let recipients = try await UserModel.query(on: req.db).filter(\.$stateISO3 == application.stateISO3)
            .filter(\.$role == Role.focalPoint.rawValue).filter(\.$isActive == true).all()
        let link = app.config.baseURL + "/applications/\(try application.requireID().uuidString)"
        let states = req.states, outcome = outcome, reasons = reasons, state = application.stateISO3
        try await ApplicationSubmission.change(application, to: outcome.status, by: actor, reasons: reasons, on: req, then: { db in
            for person in recipients {
                let language = Language(rawValue: person.language) ?? .en
                let reasonsText = reasons.sorted { $0.key < $1.key }.map { key, text in
                    (key == "general" ? "" : app.localizer.text("review_section", language, ["section": key]) + ": ") + text
                }.joined(separator: "\n")
                try await app.mailer.enqueue(
                    .applicationDecision(outcome), to: person.email, name: person.displayName, language: language, link: link,
                    values: ["state": states.name(state, in: language), "call": call.title(in: language),
                             "reasons": reasonsText.isEmpty ? "—" : reasonsText],
                    on: db, now: app.clock.now())
            }
        })
    }
}
