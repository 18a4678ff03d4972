import Foundation
import Testing
@testable import TandemCore

@Suite struct PublicationTests {
    let day = CivilDate(iso: "2026-12-03")!
    let writer = Publication.Standing(isOwner: true)
    let officer = Publication.Standing(isSecretariat: true)

    @Test func aReferenceRecordIsSubmittedReturnedWithAReasonThenPublished() throws {
        let draft = Publication()
        #expect(draft.taking(.publish, kind: .opportunity, by: writer, today: day) == .failure(.notYours))
        let submitted = try draft.taking(.submit, kind: .opportunity, by: writer, today: day).get()
        #expect(submitted.status == .submitted && submitted.expiresOn == day.adding(days: 84) && submitted.reminderOn == day.adding(days: 70))
        #expect(submitted.taking(.return(reason: "  "), kind: .opportunity, by: officer, today: day) == .failure(.reasonNeeded))
        let returned = try submitted.taking(.return(reason: "Give the deadline."), kind: .opportunity, by: officer, today: day).get()
        #expect(returned.status == .returned && returned.returnReason == "Give the deadline.")
        // Returned, it is the writer's again; the Secretariat cannot publish what is not submitted to it.
        #expect(returned.taking(.publish, kind: .opportunity, by: officer, today: day) == .failure(.notNow))
        let again = try returned.taking(.submit, kind: .opportunity, by: writer, today: day.adding(days: 3)).get()
        #expect(again.returnReason == nil)
        let published = try again.taking(.publish, kind: .opportunity, by: officer, today: day.adding(days: 5)).get()
        #expect(published.status == .published && published.confirmedOn == day.adding(days: 5) && published.submittedOn == nil)
        // A step taken twice (two officers at once) is refused the second time: the first moved it on.
        #expect(published.taking(.publish, kind: .opportunity, by: officer, today: day) == .failure(.notNow))
    }

    @Test func theWriterRecallsAWaitingRequestAndTheSecretariatPublishesItsOwnDrafts() throws {
        let submitted = try Publication().taking(.submit, kind: .project, by: writer, today: day).get()
        #expect(submitted.taking(.recall, kind: .project, by: officer, today: day) == .failure(.notYours))
        #expect(try submitted.taking(.recall, kind: .project, by: writer, today: day).get().status == .draft)
        let own = Publication.Standing(isOwner: true, isSecretariat: true)
        #expect(try Publication().taking(.publish, kind: .resource, by: own, today: day).get().status == .published)
    }

    @Test func aNationalRecordIsPublishedByItsStateOrWithItsConsent() throws {
        let focalPoint = Publication.Standing(isOwner: true)
        #expect(Publication().taking(.submit, kind: .need, by: focalPoint, today: day) == .failure(.notNow))
        #expect(try Publication().taking(.publish, kind: .need, by: focalPoint, today: day).get().status == .published)
        #expect(Publication().taking(.publish, kind: .need, by: officer, today: day) == .failure(.consentNeeded))
        let consented = Publication.Standing(isSecretariat: true, stateConsented: true)
        #expect(try Publication().taking(.publish, kind: .expert, by: consented, today: day).get().status == .published)
        #expect(Publication().taking(.publish, kind: .need, by: .init(), today: day) == .failure(.notYours))
    }

    @Test func draftsAreTheirOwnersAndTheSecretariatsAndWhatWasReviewedIsNotChangedBehindItsBack() {
        let owner = Publication.Standing(isOwner: true), officer = Publication.Standing(isSecretariat: true), stranger = Publication.Standing()
        let draft = Publication(), published = Publication(status: .published)
        #expect(draft.mayRead(.public, by: owner, signedIn: true) && draft.mayRead(.public, by: officer, signedIn: true))
        #expect(!draft.mayRead(.public, by: stranger, signedIn: true))
        #expect(published.mayRead(.public, by: stranger, signedIn: false) && !published.mayRead(.members, by: stranger, signedIn: false))
        #expect(published.mayRead(.members, by: stranger, signedIn: true) && !published.mayRead(.secretariat, by: stranger, signedIn: true))
        #expect(draft.mayEdit(kind: .opportunity, by: owner) && !published.mayEdit(kind: .opportunity, by: owner))
        #expect(!Publication(status: .submitted).mayEdit(kind: .project, by: owner) && published.mayEdit(kind: .project, by: officer))
        #expect(published.mayEdit(kind: .need, by: owner) && !published.mayEdit(kind: .need, by: officer))
        #expect(published.mayEdit(kind: .need, by: .init(isSecretariat: true, stateConsented: true)) && !draft.mayEdit(kind: .need, by: stranger))
    }

    @Test func anExpertsEntryLeavesTheRosterFourYearsAfterItsLastUpdate() throws {
        let published = Publication(status: .published, publishedOn: day, confirmedOn: day)
        let lastUpdated = day.adding(years: -4).adding(days: 1)
        #expect(published.taking(.lapse(lastUpdated: lastUpdated), kind: .expert, by: .job, today: day) == .failure(.notDue))
        guard case .success(let lapsed) = published.taking(.lapse(lastUpdated: day.adding(years: -4)), kind: .expert, by: .job, today: day) else {
            Issue.record("not lapsed"); return
        }
        #expect(lapsed.status == .withdrawn && lapsed.expiredOn == day)
        #expect(published.taking(.lapse(lastUpdated: day.adding(years: -5)), kind: .need, by: .job, today: day) == .failure(.notNow))
        // Published again by its state, it is on the roster from that day.
        #expect(try lapsed.taking(.publish, kind: .expert, by: writer, today: day).get().expiredOn == nil)
    }

    @Test func aRequestLapsesAfterTwelveWeeksAndAPublishedRecordGoesStaleAfterAYear() throws {
        let submitted = try Publication().taking(.submit, kind: .opportunity, by: writer, today: day).get()
        #expect(submitted.taking(.expire, kind: .opportunity, by: .job, today: day.adding(days: 83)) == .failure(.notDue))
        let lapsed = try submitted.taking(.expire, kind: .opportunity, by: .job, today: day.adding(days: 84)).get()
        #expect(lapsed.status == .draft && lapsed.expiredOn == day.adding(days: 84) && lapsed.expiresOn == nil)

        let published = try Publication().taking(.publish, kind: .need, by: writer, today: day).get()
        #expect(!published.isStale(on: day.adding(days: 364)) && published.isStale(on: day.adding(years: 1)))
        let confirmed = try published.taking(.confirm, kind: .need, by: writer, today: day.adding(days: 300)).get()
        #expect(!confirmed.isStale(on: day.adding(years: 1)) && confirmed.publishedOn == day)
        let withdrawn = try confirmed.taking(.withdraw, kind: .need, by: officer, today: day.adding(days: 301)).get()
        #expect(withdrawn.status == .withdrawn && !withdrawn.isStale(on: day.adding(years: 3)))
        #expect(withdrawn.taking(.confirm, kind: .need, by: writer, today: day) == .failure(.notNow))
    }

    @Test func vocabulariesEndWithOtherWhereARecordMayNeedItAndKindsHaveAddresses() {
        for list in [Vocabulary.activityType, .targetGroup, .opportunityKind, .assistanceType, .resourceGenre] {
            #expect(list.codes.last == Vocabulary.other)
        }
        for list in Vocabulary.allCases { #expect(Set(list.codes).count == list.codes.count) }
        #expect(Vocabulary.dcmiType.contains("Text") && !Vocabulary.dcmiType.contains("text"))
        for kind in RecordKind.allCases { #expect(RecordKind(slug: kind.slug) == kind) }
        #expect(RecordVisibility.members.admits(signedIn: true, secretariat: false) && !RecordVisibility.secretariat.admits(signedIn: true, secretariat: false))
    }

    @Test func aTranslationIsShownWhereThereIsOneAndTheOriginalIsLabelledWhereThereIsNot() throws {
        var title = TranslatedText("Cours de formation des douaniers", in: .fr)
        #expect(title.shown(in: .fr) == .init(text: "Cours de formation des douaniers", fallback: nil))
        #expect(title.shown(in: .en) == .init(text: "Cours de formation des douaniers", fallback: .fr))
        title.texts[.en] = "Training course for customs officers"
        #expect(title.shown(in: .en).fallback == nil && title.allText.contains("customs") && title.allText.contains("douaniers"))
        let json = String(decoding: try JSONEncoder().encode(title), as: UTF8.self)
        #expect(json.contains("\"fr\":\"Cours") && json.contains("\"original\":\"fr\""))
        #expect(try JSONDecoder().decode(TranslatedText.self, from: Data(json.utf8)) == title)
        #expect(!ExpertEntry.hasLapsed(lastUpdated: day, on: day.adding(days: 1460)) && ExpertEntry.hasLapsed(lastUpdated: day, on: day.adding(years: 4)))
    }
}
