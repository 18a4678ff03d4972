import Fluent
import Foundation
import TandemCore
import Vapor

/// Reading applications with what their checks need: the call, the state's eligibility from the programme
/// history, and the States Parties.
struct ApplicationsRepository {
    let request: Request

    func find(_ id: String?) async throws -> ApplicationModel? {
        guard let id = id.flatMap(UUID.init(uuidString:)) else { return nil }
        return try await ApplicationModel.query(on: request.db).filter(\.$id == id).with(\.$call).first()
    }

    /// The completeness and eligibility check for `application`, as of the day it was submitted or, for a draft,
    /// today (the day it would be).
    func check(_ application: ApplicationModel) async throws -> ApplicationCheck {
        try check(application, history: try await request.partnerships.all())
    }

    /// The same, with the programme's partnerships already read (a list checks many applications at once).
    func check(_ application: ApplicationModel, history: [Partnership]) throws -> ApplicationCheck {
        let call = try application.call.value()
        let form = try application.value()
        let today = CivilDate(utc: request.application.clock.now())
        let eligibility = Eligibility.of(application.stateISO3, seekingMentorship: form.mode?.seeks ?? false,
                                         applyingOn: application.submittedAt.map(CivilDate.init(utc:)) ?? today, history: history, rules: call.rules)
        return ApplicationCheck(call: call, eligibility: eligibility, statesParties: Set(request.states.states.map(\.iso3)),
                                applicant: application.stateISO3, today: today)
    }

    func history(_ application: ApplicationModel) async throws -> [ApplicationStatusChangeModel] {
        try await ApplicationStatusChangeModel.query(on: request.db).filter(\.$application.$id == application.requireID())
            .sort(\.$at).all()
    }

}

extension Request {
    var applications: ApplicationsRepository { ApplicationsRepository(request: self) }
}
