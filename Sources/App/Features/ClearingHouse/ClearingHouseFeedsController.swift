import Fluent
import Foundation
import TandemCore
import Vapor

/// The clearing-house for other programs: an Atom feed of new opportunities, the library as Dublin Core XML, and the
/// library through OAI-PMH 2.0 so that library catalogues and aggregators can harvest it. Public records only.
struct ClearingHouseFeedsController: RouteCollection {
    static let feedEntries = 50

    func boot(routes: any RoutesBuilder) throws {
        let house = routes.grouped("clearing-house")
        house.get("opportunities.atom", use: opportunities)
        house.get("library.xml", use: library)
        house.get("oai", use: oai)
        // OAI-PMH 2.0 asks repositories to take POST too (arguments as a form); it reads only, so no form token.
        house.post("oai", use: oai)
    }

    /// Public published records of `kind`, newest first.
    private func published(_ kind: RecordKind, on db: any Database) -> QueryBuilder<ClearingRecordModel> {
        ClearingRecordModel.query(on: db).filter(\.$kind == kind.rawValue).filter(\.$status == Publication.Status.published.rawValue)
            .filter(\.$visibility == RecordVisibility.public.rawValue)
    }

    @Sendable func opportunities(req: Request) async throws -> Response {
        let records = try await published(.opportunity, on: req.db).sort(\.$publishedOn, .descending).sort(\.$id).limit(Self.feedEntries).all()
        let base = req.application.config.baseURL
        let language = req.language
        let labels = RecordLabels(req)
        func moment(_ day: String?) -> String { (day ?? "1970-01-01") + "T00:00:00Z" }
        var entries = ""
        for record in records {
            let document = try record.recordDocument()
            let id = try record.requireID().uuidString
            let title = document.text("title", original: record.originalLanguage).shown(in: language)
            let summary = document.text("summary", original: record.originalLanguage).shown(in: language)
            var lines = [summary.text]
            if let deadline = CivilDate(iso: document["deadline"]) {
                lines.append(req.localizer.text("record_feed_deadline", language, ["day": language.format(deadline)]))
            }
            entries += """
                <entry>
                <id>urn:uuid:\(id.lowercased())</id>
                \(XMLText.element("title", title.text, attributes: [("xml:lang", (title.fallback ?? language).rawValue)]))
                <link rel="alternate" type="text/html" href="\(XMLText.escape(base + "/clearing-house/records/" + id))"/>
                <published>\(moment(record.publishedOn))</published>
                <updated>\(moment(record.confirmedOn ?? record.publishedOn))</updated>
                <author>\(XMLText.element("name", document["provider"].isEmpty ? "Tandem" : document["provider"]))</author>
                \(XMLText.element("summary", lines.joined(separator: "\n"), attributes: [("xml:lang", (summary.fallback ?? language).rawValue)]))
                \(document.list("areas").map { "<category term=\"\(XMLText.escape($0))\" label=\"\(XMLText.escape(labels.code($0, of: RecordFormat.of(.opportunity).field("areas")!)))\"/>" }.joined())
                </entry>

                """
        }
        let updated = records.map { moment($0.confirmedOn ?? $0.publishedOn) }.max() ?? moment(nil)
        let feed = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(language.rawValue)">
            <id>\(XMLText.escape(base))/clearing-house/opportunities</id>
            \(XMLText.element("title", req.text("record_feed_title")))
            <link rel="self" type="application/atom+xml" href="\(XMLText.escape(base + "/clearing-house/opportunities.atom?lang=" + language.rawValue))"/>
            <link rel="alternate" type="text/html" href="\(XMLText.escape(base))/clearing-house/opportunities"/>
            <updated>\(updated)</updated>
            \(entries)</feed>

            """
        return Response(status: .ok, headers: ["Content-Type": "application/atom+xml; charset=utf-8"], body: .init(string: feed))
    }

    @Sendable func library(req: Request) async throws -> Response {
        let records = try await published(.resource, on: req.db).sort(\.$publishedOn, .descending).sort(\.$id).all()
        let relations = try await ClearingRelationModel.shareable(of: try records.map { try $0.requireID() }, visibilities: [RecordVisibility.public.rawValue],
                                                                  on: req.db)
        let body = try records.map {
            try "<record>\n\(DublinCore.record($0, app: req.application, related: relations[try $0.requireID()] ?? []))\n</record>"
        }.joined(separator: "\n")
        let xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <records xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
            \(body)
            </records>

            """
        return Response(status: .ok, headers: ["Content-Type": "application/xml; charset=utf-8"], body: .init(string: xml))
    }

    @Sendable func oai(req: Request) async throws -> Response {
        let items = req.method == .POST ? FormBody.pairs(req) : ClearingHouseController.items(req)
        let base = req.application.config.baseURL + "/clearing-house/oai"
        let now = ISO8601DateFormatter().string(from: req.application.clock.now())
        func answer(_ inner: String, arguments: Bool = true) -> Response {
            // The request element repeats the arguments only when they were valid (OAI-PMH 2.0, section 3.2).
            let attributes = arguments ? items.map { " \(XMLText.escape($0.name))=\"\(XMLText.escape($0.value))\"" }.joined() : ""
            let xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
                <responseDate>\(now)</responseDate>
                <request\(attributes)>\(XMLText.escape(base))</request>
                \(inner)
                </OAI-PMH>

                """
            return Response(status: .ok, headers: ["Content-Type": "text/xml; charset=utf-8"], body: .init(string: xml))
        }
        func failure(_ code: OAIRequest.Failure) -> Response {
            answer("<error code=\"\(code.rawValue)\">\(XMLText.escape(Self.failureText[code] ?? code.rawValue))</error>",
                   arguments: code != .badVerb && code != .badArgument)
        }
        let request: OAIRequest
        switch OAIRequest.read(items) {
        case .failure(let code): return failure(code)
        case .success(let read): request = read
        }
        switch request.verb {
        case .identify:
            let earliest = try await published(.resource, on: req.db).sort(\.$updatedAt).first()?.updatedAt
            return answer("""
                <Identify><repositoryName>Tandem clearing-house library</repositoryName><baseURL>\(XMLText.escape(base))</baseURL>
                <protocolVersion>2.0</protocolVersion>\(XMLText.element("adminEmail", req.application.config.contactEmail ?? req.application.config.mailFrom.address))
                <earliestDatestamp>\(Self.day(earliest))</earliestDatestamp><deletedRecord>no</deletedRecord><granularity>YYYY-MM-DD</granularity></Identify>
                """)
        case .listMetadataFormats:
            if let identifier = request.identifier, try await record(identifier, on: req.db) == nil { return failure(.idDoesNotExist) }
            return answer("""
                <ListMetadataFormats><metadataFormat><metadataPrefix>oai_dc</metadataPrefix>
                <schema>http://www.openarchives.org/OAI/2.0/oai_dc.xsd</schema><metadataNamespace>http://www.openarchives.org/OAI/2.0/oai_dc/</metadataNamespace>
                </metadataFormat></ListMetadataFormats>
                """)
        case .getRecord:
            guard let identifier = request.identifier, let record = try await record(identifier, on: req.db) else { return failure(.idDoesNotExist) }
            let related = try await ClearingRelationModel.shareable(of: [record.requireID()], visibilities: [RecordVisibility.public.rawValue], on: req.db)
            return answer("<GetRecord>\(try oaiRecord(record, app: req.application, related: related))</GetRecord>")
        case .listIdentifiers, .listRecords:
            var query = published(.resource, on: req.db)
            if let from = request.from { query = query.filter(\.$updatedAt >= Self.start(of: from)) }
            if let until = request.until { query = query.filter(\.$updatedAt < Self.start(of: until.adding(days: 1))) }
            let total = try await query.count()
            let page = try await query.sort(\.$updatedAt).sort(\.$id).range(request.offset..<(request.offset + OAIRequest.pageSize)).all()
            guard !page.isEmpty else { return failure(request.offset == 0 ? .noRecordsMatch : .badResumptionToken) }
            let relations = request.verb == .listRecords
                ? try await ClearingRelationModel.shareable(of: try page.map { try $0.requireID() }, visibilities: [RecordVisibility.public.rawValue], on: req.db)
                : [:]
            let listed = try page.map { request.verb == .listRecords ? try oaiRecord($0, app: req.application, related: relations) : try header($0) }.joined(separator: "\n")
            let more = request.offset + page.count < total
            let token = more || request.offset > 0
                ? "<resumptionToken completeListSize=\"\(total)\" cursor=\"\(request.offset)\">\(more ? XMLText.escape(request.token(after: page.count)) : "")</resumptionToken>"
                : ""
            let element = request.verb.rawValue
            return answer("<\(element)>\n\(listed)\n\(token)</\(element)>")
        case .listSets:
            return failure(.noSetHierarchy)
        }
    }

    static let failureText: [OAIRequest.Failure: String] = [
        .badVerb: "The verb is missing, repeated or not one of OAI-PMH's six.",
        .badArgument: "An argument is missing, repeated, not allowed with this verb, or not a day (YYYY-MM-DD).",
        .cannotDisseminateFormat: "The only metadata format is oai_dc.",
        .badResumptionToken: "The resumption token is not one this repository gave, or the list has moved on.",
        .noSetHierarchy: "This repository has no sets.",
        .idDoesNotExist: "No public library item has this identifier.",
        .noRecordsMatch: "No library item was changed in those days.",
    ]

    static let identifierPrefix = "oai:tandem:"

    private func record(_ identifier: String, on db: any Database) async throws -> ClearingRecordModel? {
        guard identifier.hasPrefix(Self.identifierPrefix), let id = UUID(uuidString: String(identifier.dropFirst(Self.identifierPrefix.count))) else {
            return nil
        }
        return try await published(.resource, on: db).filter(\.$id == id).first()
    }

    private func header(_ record: ClearingRecordModel) throws -> String {
        "<header><identifier>\(Self.identifierPrefix)\(try record.requireID().uuidString)</identifier><datestamp>\(Self.day(record.updatedAt))</datestamp></header>"
    }

    private func oaiRecord(_ record: ClearingRecordModel, app: Application, related: [UUID: [RecordRelation]]) throws -> String {
        "<record>\(try header(record))<metadata>\(try DublinCore.record(record, app: app, related: related[try record.requireID()] ?? []))</metadata></record>"
    }

    static func day(_ moment: Date?) -> String {
        CivilDate(utc: moment ?? Date(timeIntervalSince1970: 0)).description
    }

    static func start(of day: CivilDate) -> Date {
        ISO8601DateFormatter().date(from: day.description + "T00:00:00Z") ?? Date(timeIntervalSince1970: 0)
    }
}

/// A library item as Dublin Core (`oai_dc`): each element of the format's fields, a title in each of its languages,
/// subjects and coverage as words in English (the library's catalogue language), the item's page and its attached
/// document as identifiers, and the pages of the records and partnerships it relates to as relations.
enum DublinCore {
    static func record(_ record: ClearingRecordModel, app: Application, related: [RecordRelation] = []) throws -> String {
        let document = try record.recordDocument()
        let labels = RecordLabels(localizer: app.localizer, states: app.statesDirectory, language: .en)
        let format = RecordFormat.of(.resource)
        func codes(_ name: String) -> [String] { document.list(name).map { labels.code($0, of: format.field(name)!) } }
        var elements: [String] = []
        let title = document.text("title", original: record.originalLanguage)
        for language in Language.allCases { if let text = title.texts[language] { elements.append(XMLText.element("dc:title", text, attributes: [("xml:lang", language.rawValue)])) } }
        elements.append(XMLText.element("dc:creator", document["creator"]))
        elements += codes("areas").map { XMLText.element("dc:subject", $0) }
        elements += document["keywords"].split(separator: ",").map { XMLText.element("dc:subject", $0.trimmingCharacters(in: .whitespaces)) }
        let description = document.text("description", original: record.originalLanguage)
        for language in Language.allCases { if let text = description.texts[language], !text.isEmpty { elements.append(XMLText.element("dc:description", text, attributes: [("xml:lang", language.rawValue)])) } }
        elements.append(XMLText.element("dc:publisher", document["publisher"]))
        elements.append(XMLText.element("dc:date", document["date"]))
        elements.append(XMLText.element("dc:type", document["dcType"]))
        let page = app.config.baseURL + "/clearing-house/records/" + (try record.requireID().uuidString)
        elements.append(XMLText.element("dc:format", document["format"].isEmpty ? record.fileType ?? "" : document["format"]))
        elements.append(XMLText.element("dc:identifier", document["identifier"]))
        if record.filePath != nil { elements.append(XMLText.element("dc:identifier", page + "/file")) }
        elements.append(XMLText.element("dc:identifier", page))
        elements += related.map { XMLText.element("dc:relation", app.config.baseURL + $0.path) }
        elements += document.list("languages").map { XMLText.element("dc:language", $0) }
        elements += (codes("states") + codes("groups")).map { XMLText.element("dc:coverage", $0) }
        elements.append(XMLText.element("dc:rights", document["rights"]))
        return """
            <oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
            \(elements.filter { !$0.isEmpty }.joined(separator: "\n"))
            </oai_dc:dc>
            """
    }
}
