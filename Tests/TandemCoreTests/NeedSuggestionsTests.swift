import Testing
@testable import TandemCore

@Suite struct NeedSuggestionsTests {
    let today = CivilDate(iso: "2026-12-03")!
    let ghana = NeedSuggestions.Need(state: "GHA", group: .africa, subregion: "Western Africa", area: "implementing_legislation",
                                     languages: ["en"], assistance: ["legislative_drafting"])

    @Test func offersInTheNeedsAreaAreRankedOnWhatTheyShareWithTheirReasons() {
        let offers = [
            NeedSuggestions.Offer(id: "course-fr", areas: ["implementing_legislation"], languages: ["fr"]),
            NeedSuggestions.Offer(id: "drafting-africa", areas: ["implementing_legislation"], groups: [.africa], subregions: ["Western Africa"],
                                  languages: ["en", "fr"], assistance: ["legislative_drafting"]),
            NeedSuggestions.Offer(id: "other-area", areas: ["inspections"], languages: ["en"]),
            NeedSuggestions.Offer(id: "for-peru", areas: ["implementing_legislation"], states: ["PER"], languages: ["en"]),
            NeedSuggestions.Offer(id: "closed", areas: ["implementing_legislation"], openUntil: CivilDate(iso: "2026-12-02")),
            NeedSuggestions.Offer(id: "names-ghana", areas: ["implementing_legislation"], states: ["GHA", "NGA"], openUntil: today),
        ]
        let suggestions = NeedSuggestions.suggest(for: ghana, among: offers, today: today)
        #expect(suggestions.map(\.offer) == ["drafting-africa", "names-ghana", "course-fr"])
        #expect(suggestions[0].reasons == [.sameArea, .sameGroup, .sameSubregion, .sharedLanguage, .assistanceSought])
        #expect(suggestions[0].score == 85)
        #expect(suggestions[1].reasons == [.sameArea, .namesTheState] && suggestions[1].score == 55)
        #expect(suggestions[2].score == 40)
        #expect(NeedSuggestions.suggest(for: ghana, among: offers, today: today, limit: 1).count == 1)
    }

    @Test func coverageCountsOpenNeedsAgainstOffersAndFindsTheGaps() {
        let coverage = Coverage(areas: ["national_authority", "implementing_legislation"],
                                needs: [("implementing_legislation", .africa), ("implementing_legislation", .africa), ("national_authority", .grulac),
                                        ("unknown_area", .asia)],
                                offers: [(["implementing_legislation"], [.africa, .asia]), (["national_authority", "implementing_legislation"], [])])
        #expect(coverage["implementing_legislation", .africa] == .init(needs: 2, offers: 2))
        #expect(coverage["implementing_legislation", .weog] == .init(needs: 0, offers: 1))
        #expect(coverage["national_authority", .grulac] == .init(needs: 1, offers: 1))
        let sparse = Coverage(areas: ["national_authority"], needs: [("national_authority", .asia)], offers: [(["national_authority"], [.africa])])
        #expect(sparse.gaps.map(\.group) == [.asia])
    }
}

@Suite struct NeedSuggestionsBothWaysTests {
    @Test func recordsOfferAssistanceInTheNeedsTermsAndAnOfferFindsTheNeedsItServes() {
        #expect(NeedSuggestions.assistance(offeredBy: .opportunity, codes: ["opportunityKind": ["fellowship"]]) == ["training"])
        #expect(NeedSuggestions.assistance(offeredBy: .project, codes: ["activity": ["legislative_assistance", "equipment", "research"]])
                == ["legislative_drafting", "equipment"])
        #expect(NeedSuggestions.assistance(offeredBy: .expert, codes: [:]) == ["expert_advice"])
        let today = CivilDate(iso: "2026-12-03")!
        let course = NeedSuggestions.Offer(id: "course", areas: ["transfers_control"], groups: [.africa], languages: ["en"], assistance: ["training"])
        let ghana = NeedSuggestions.Need(state: "GHA", group: .africa, subregion: "Western Africa", area: "transfers_control", languages: ["en"],
                                         assistance: ["training"])
        let peru = NeedSuggestions.Need(state: "PER", group: .grulac, subregion: "South America", area: "transfers_control", languages: ["es"],
                                        assistance: ["training"])
        let kenya = NeedSuggestions.Need(state: "KEN", group: .africa, subregion: "Eastern Africa", area: "inspections", languages: ["en"],
                                         assistance: ["training"])
        let served = NeedSuggestions.needs(servedBy: course, among: [("ghana", ghana), ("peru", peru), ("kenya", kenya)], today: today)
        #expect(served.map(\.offer) == ["ghana"] && served[0].reasons == [.sameArea, .sameGroup, .sharedLanguage, .assistanceSought])
    }
}
