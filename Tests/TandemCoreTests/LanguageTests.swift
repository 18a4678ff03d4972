import Testing
@testable import TandemCore

@Suite struct LanguageTests {
    @Test func picksTheBestSupportedLanguage() {
        #expect(Language.preferred(acceptLanguage: "fr-CH, fr;q=0.9, en;q=0.8") == .fr)
        #expect(Language.preferred(acceptLanguage: "de-DE,de;q=0.9,es;q=0.5,en;q=0.4") == .es)
        #expect(Language.preferred(acceptLanguage: "en;q=0.2, es;q=0.7") == .es)
        #expect(Language.preferred(acceptLanguage: "ES-mx") == .es)
    }

    @Test func findsNoneWhenNothingIsSupported() {
        #expect(Language.preferred(acceptLanguage: "de, ru;q=0.5") == nil)
        #expect(Language.preferred(acceptLanguage: "fr;q=0") == nil)
        #expect(Language.preferred(acceptLanguage: "") == nil)
    }
}
