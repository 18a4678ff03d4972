import Fluent
import TandemCore
import Vapor

/// A State Party takes its application back, with an optional reason kept in the application's history.
/// Any active application may be withdrawn except one a partnership proposal stands on: that is answered
/// on the proposal's page, where a decline tells the partner.
struct ApplicationWithdrawal {
    let req: Request

    /// The locale key saying why `application` cannot be withdrawn now, or nil when it can.
    func refusal(_ application: ApplicationModel) async throws -> String? {
        guard try application.applicationStatus.isActive else { return "application_withdraw_closed" }
        let state = application.stateISO3
        let standing = try await PartnershipProposalModel.query(on: req.db)
            .filter(\.$call.$id == application.$call.id)
            .filter(\.$status ~~ [PartnershipProposalModel.Status.awaiting.rawValue, PartnershipProposalModel.Status.agreed.rawValue])
            .group(.or) { $0.filter(\.$menteeISO3 == state).filter(\.$mentorISO3 == state) }
            .count()
        return standing > 0 ? "application_withdraw_proposed" : nil
    }

    func withdraw(_ application: ApplicationModel, reason: String) async throws {
        let reason = String(reason.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000))
        let req = req
        try await ApplicationSubmission.change(application, to: .withdrawn, by: req.currentUser?.email ?? "",
                                               reasons: reason.isEmpty ? [:] : ["withdrawal": reason], on: req, then: { db in
            let call = try await application.$call.get(on: db).value()
            try await PartnerMail(app: req.application).sendToSecretariat(
                .applicationWithdrawn, about: [application.stateISO3], path: "/applications/\(try application.requireID().uuidString)",
                values: ["reason": reason], localized: reason.isEmpty ? ["reason": "mail_no_reason"] : [:],
                inLanguage: { ["call": call.title(in: $0)] }, on: db, now: req.application.clock.now())
        })
    }
}

extension Request {
    var applicationWithdrawal: ApplicationWithdrawal { ApplicationWithdrawal(req: self) }
}
