import Foundation

/// Where a clearing-house record stands on its way to the public, and the rules of each step. Pure: the caller
/// persists the result as one guarded write (only if the status is still what was read) with its audit row.
///
/// A reference record (a project, an opportunity, a library item, an organisation) is written by anyone signed in
/// and reviewed by the Secretariat: draft → submitted → published, or returned with a reason; the writer may
/// recall it while it waits; a request that waits twelve weeks expires back to a draft, with a reminder two weeks
/// before. A national record (a need, an expert) is published by its State Party's focal points, or by the
/// Secretariat when the state has consented. A published record is confirmed as still valid once a year, or
/// shown as "not updated since"; it can be withdrawn from view.
public struct Publication: Equatable, Codable, Sendable {
    public enum Status: String, CaseIterable, Codable, Sendable {
        case draft, submitted, returned, published, withdrawn
    }

    public var status: Status
    /// The day it was submitted, while it waits for review.
    public var submittedOn: CivilDate?
    /// Why the Secretariat returned it, while it is returned.
    public var returnReason: String?
    public var publishedOn: CivilDate?
    /// The last day someone said it is still valid (at first, the day it was published).
    public var confirmedOn: CivilDate?
    /// Set when a request waited too long and went back to a draft, so the writer is told why.
    public var expiredOn: CivilDate?

    public init(status: Status = .draft, submittedOn: CivilDate? = nil, returnReason: String? = nil, publishedOn: CivilDate? = nil,
                confirmedOn: CivilDate? = nil, expiredOn: CivilDate? = nil) {
        self.status = status
        self.submittedOn = submittedOn
        self.returnReason = returnReason
        self.publishedOn = publishedOn
        self.confirmedOn = confirmedOn
        self.expiredOn = expiredOn
    }

    /// A request for review lapses after this many weeks; its writer is reminded this many weeks before.
    public static let pendingWeeks = 12
    public static let reminderWeeksBefore = 2
    /// A published record not confirmed for this long reads as "not updated since".
    public static let confirmationMonths = 12

    public enum Step: Equatable, Sendable {
        case submit
        case recall
        case publish
        case `return`(reason: String)
        case confirm
        case withdraw
        /// The review request waited too long (run by the clearing-house job, not by a person).
        case expire
        /// An expert's entry not updated or confirmed for four years leaves the roster (run by the job).
        case lapse(lastUpdated: CivilDate)
    }

    /// What the person taking a step is to the record.
    public struct Standing: Equatable, Sendable {
        /// They wrote it, or belong to the organisation or State Party that owns it.
        public var isOwner: Bool
        public var isSecretariat: Bool
        /// For a national record: its State Party agreed that the Secretariat publishes for it.
        public var stateConsented: Bool

        public init(isOwner: Bool = false, isSecretariat: Bool = false, stateConsented: Bool = false) {
            self.isOwner = isOwner
            self.isSecretariat = isSecretariat
            self.stateConsented = stateConsented
        }

        public static let job = Standing()
    }

    public enum Refusal: String, Error, Sendable {
        /// Not this person's step (locale key `publication_refused_not_yours`).
        case notYours = "publication_refused_not_yours"
        /// Not from where the record stands now: someone else moved it meanwhile, or the step makes no sense.
        case notNow = "publication_refused_not_now"
        case reasonNeeded = "publication_refused_reason_needed"
        /// A national record the Secretariat may not publish without the state's consent.
        case consentNeeded = "publication_refused_consent_needed"
        /// A request that has not waited its twelve weeks.
        case notDue = "publication_refused_not_due"
    }

    /// The record after `step`, or why it cannot be taken.
    public func taking(_ step: Step, kind: RecordKind, by who: Standing, today: CivilDate) -> Result<Publication, Refusal> {
        var next = self
        switch step {
        case .submit:
            guard who.isOwner else { return .failure(.notYours) }
            // A national record is not reviewed: it is published by its state.
            guard !kind.isNational, [.draft, .returned, .withdrawn].contains(status) else { return .failure(.notNow) }
            next.status = .submitted
            next.submittedOn = today
            next.returnReason = nil
            next.expiredOn = nil
        case .recall:
            guard who.isOwner else { return .failure(.notYours) }
            guard status == .submitted else { return .failure(.notNow) }
            next.status = .draft
            next.submittedOn = nil
        case .publish:
            if kind.isNational {
                guard who.isOwner || who.isSecretariat else { return .failure(.notYours) }
                if !who.isOwner && !who.stateConsented { return .failure(.consentNeeded) }
                guard [.draft, .returned, .withdrawn].contains(status) else { return .failure(.notNow) }
            } else {
                guard who.isSecretariat else { return .failure(.notYours) }
                // The Secretariat reviews what others submit, and publishes its own drafts directly.
                guard status == .submitted || (who.isOwner && [.draft, .returned, .withdrawn].contains(status)) else {
                    return .failure(.notNow)
                }
            }
            next.status = .published
            next.publishedOn = today
            next.confirmedOn = today
            next.submittedOn = nil
            next.returnReason = nil
            next.expiredOn = nil
        case .return(let reason):
            guard who.isSecretariat else { return .failure(.notYours) }
            guard status == .submitted else { return .failure(.notNow) }
            let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else { return .failure(.reasonNeeded) }
            next.status = .returned
            next.returnReason = reason
            next.submittedOn = nil
        case .confirm:
            guard who.isOwner || who.isSecretariat else { return .failure(.notYours) }
            guard status == .published else { return .failure(.notNow) }
            next.confirmedOn = today
        case .withdraw:
            guard who.isOwner || who.isSecretariat else { return .failure(.notYours) }
            guard status == .published else { return .failure(.notNow) }
            next.status = .withdrawn
        case .expire:
            guard status == .submitted, let submitted = submittedOn else { return .failure(.notNow) }
            guard today >= submitted.adding(days: Self.pendingWeeks * 7) else { return .failure(.notDue) }
            next.status = .draft
            next.submittedOn = nil
            next.expiredOn = today
        case .lapse(let lastUpdated):
            guard kind == .expert, status == .published else { return .failure(.notNow) }
            guard ExpertEntry.hasLapsed(lastUpdated: lastUpdated, on: today) else { return .failure(.notDue) }
            next.status = .withdrawn
            next.expiredOn = today
        }
        return .success(next)
    }

    /// Whether someone may read the record: its owners and the Secretariat always (a draft is theirs to see), others
    /// only once it is published and its visibility admits them.
    public func mayRead(_ visibility: RecordVisibility, by who: Standing, signedIn: Bool) -> Bool {
        if who.isOwner || who.isSecretariat { return true }
        return status == .published && visibility.admits(signedIn: signedIn, secretariat: false)
    }

    /// Whether someone may change the record's fields. A national record is its state's to keep up to date at any
    /// time, and the Secretariat's where the state consented. A reference record is changed by its writer while it
    /// is theirs (a draft, returned or withdrawn: what the Secretariat reviewed is not changed behind its back) and
    /// by the Secretariat at any time.
    public func mayEdit(kind: RecordKind, by who: Standing) -> Bool {
        if kind.isNational { return who.isOwner || (who.isSecretariat && who.stateConsented) }
        return who.isSecretariat || (who.isOwner && [.draft, .returned, .withdrawn].contains(status))
    }

    /// The day a request for review lapses, while it waits.
    public var expiresOn: CivilDate? {
        status == .submitted ? submittedOn?.adding(days: Self.pendingWeeks * 7) : nil
    }

    /// The day its writer is reminded that the request will lapse.
    public var reminderOn: CivilDate? {
        expiresOn?.adding(days: -Self.reminderWeeksBefore * 7)
    }

    /// Published and not confirmed for a year: shown as "not updated since" its last confirmation.
    public func isStale(on today: CivilDate) -> Bool {
        guard status == .published, let confirmed = confirmedOn ?? publishedOn else { return false }
        return today >= confirmed.adding(months: Self.confirmationMonths)
    }
}
