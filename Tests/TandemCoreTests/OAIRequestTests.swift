import Testing
@testable import TandemCore

@Suite struct OAIRequestTests {
    func read(_ query: String) -> Result<OAIRequest, OAIRequest.Failure> {
        OAIRequest.read(query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        })
    }

    @Test func eachVerbTakesItsOwnArgumentsAndOnlyDublinCore() throws {
        #expect(try read("verb=Identify").get().verb == .identify)
        #expect(read("verb=Identify&metadataPrefix=oai_dc") == .failure(.badArgument))
        #expect(read("verb=Nothing") == .failure(.badVerb))
        #expect(read("metadataPrefix=oai_dc") == .failure(.badVerb))
        #expect(read("verb=Identify&verb=Identify") == .failure(.badVerb))
        #expect(read("verb=ListRecords") == .failure(.badArgument))
        #expect(read("verb=ListRecords&metadataPrefix=marc21") == .failure(.cannotDisseminateFormat))
        #expect(read("verb=ListRecords&metadataPrefix=oai_dc&set=legislation") == .failure(.noSetHierarchy))
        #expect(read("verb=ListSets") == .failure(.noSetHierarchy))
        #expect(read("verb=GetRecord&metadataPrefix=oai_dc") == .failure(.badArgument))
        #expect(try read("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:tandem:x").get().identifier == "oai:tandem:x")
        #expect(try read("verb=ListMetadataFormats").get().identifier == nil)
    }

    @Test func daysBoundAListAndAResumptionTokenCarriesThemAndStandsAlone() throws {
        let request = try read("verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01&until=2026-12-31").get()
        #expect(request.from == CivilDate(iso: "2026-01-01") && request.until == CivilDate(iso: "2026-12-31"))
        #expect(read("verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01T00:00:00Z") == .failure(.badArgument))
        #expect(read("verb=ListRecords&metadataPrefix=oai_dc&from=2026-12-31&until=2026-01-01") == .failure(.badArgument))
        let token = request.token(after: 100)
        let resumed = try read("verb=ListRecords&resumptionToken=" + token).get()
        #expect(resumed.offset == 100 && resumed.from == request.from && resumed.until == request.until)
        #expect(read("verb=ListRecords&resumptionToken=\(token)&metadataPrefix=oai_dc") == .failure(.badArgument))
        #expect(read("verb=ListRecords&resumptionToken=nonsense") == .failure(.badResumptionToken))
        #expect(read("verb=ListRecords&resumptionToken=-5__") == .failure(.badResumptionToken))
    }

    @Test func xmlTextEscapesMarkupAndDropsWhatXMLCannotHold() {
        #expect(XMLText.escape("a < b & \"c\" \u{1}\u{7F}é\n") == "a &lt; b &amp; &quot;c&quot; é\n")
        #expect(XMLText.element("dc:title", "") == "" && XMLText.element("t", "x", attributes: [("xml:lang", "fr")]) == "<t xml:lang=\"fr\">x</t>")
    }
}
