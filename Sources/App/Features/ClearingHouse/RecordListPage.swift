import Foundation
import TandemCore
import Vapor

/// A page of search results: the words and order to change, the filters chosen (each with its link to drop it),
/// each facet's values with their counts (a link keeps a value, another leaves it out), the hits with a snippet
/// around the words found, and the pages. Plain links and one form: it works without JavaScript.
struct RecordListPage: Encodable {
    struct FacetValue: Encodable {
        let label: String
        let count: String
        let href: String
        let excludeHref: String
        let excludeLabel: String
        let kept: Bool
    }

    struct Facet: Encodable {
        let id: String
        let label: String
        let values: [FacetValue]
        /// The page with every value, when there are more than are shown.
        let more: Link?
    }

    struct SnippetPart: Encodable {
        let text: String
        let mark: Bool
    }

    struct Hit: Encodable {
        let title: String
        let href: String
        let note: String?
        let kind: String
        let snippet: [SnippetPart]
        let meta: String
    }

    let heading: String
    let action: String
    let q: String
    /// The search's other items, carried by the form when the words change.
    let hidden: [LabelValue]
    let sorts: [SelectOption]
    let chosen: [Link]
    let facets: [Facet]
    let hits: [Hit]
    let summary: String
    let pager: PagerContext?
    let addHref: String?
    /// Every result, not only this page's, as CSV and JSON.
    let downloads: [Link]
    /// On the opportunities' list: their Atom feed.
    let feed: String?
    /// For someone signed in: the form that keeps this search, with its alerts.
    let save: SaveForm?

    struct SaveForm: Encodable {
        let csrf: String
        let query: String
        let name: String
        let frequencies: [SelectOption]
    }

    static func make(_ req: Request, query: RecordQuery, kind: RecordKind?, results: RecordSearch.Results, pageSize: Int,
                     valuesShown: Int) -> RecordListPage {
        let labels = RecordLabels(req)
        let path = kind.map { "/clearing-house/" + $0.slug } ?? "/clearing-house/search"
        func href(_ next: RecordQuery) -> String { link(path, next, dropKind: kind != nil) }
        let fields = RecordSearch.facetFields(query.kinds)
        var facets: [Facet] = []
        if kind == nil {
            facets.append(facet(id: "kind", label: req.text("record_facet_kind"), counts: results.facets["kind"] ?? [], query: query, field: "kind",
                                label: { RecordKind(rawValue: $0).map(labels.kind) ?? $0 }, href: href, req: req, shown: valuesShown, more: nil))
        }
        for field in fields {
            let counts = results.facets[field.name] ?? []
            guard !counts.isEmpty else { continue }
            var more: Link?
            if counts.count > valuesShown {
                more = Link(text: req.localizer.text("record_facet_every_value", req.language, count: counts.count),
                            href: link("/clearing-house/facets/" + field.name, query, dropKind: false))
            }
            facets.append(facet(id: field.name, label: labels.field(field.name), counts: counts, query: query, field: field.name,
                                label: { labels.code($0, of: field) }, href: href, req: req, shown: valuesShown, more: more))
        }
        var chosen: [Link] = []
        let named = Dictionary(fields.map { ($0.name, $0) }) { first, _ in first }
        func label(_ field: String, _ code: String) -> String {
            named[field].map { labels.code(code, of: $0) } ?? RecordKind(rawValue: code).map(labels.kind) ?? code
        }
        for (field, codes) in query.included.sorted(by: { $0.key < $1.key }) {
            for code in codes.sorted() { chosen.append(Link(text: label(field, code), href: href(query.toggling(field, code)))) }
        }
        for (field, codes) in query.excluded.sorted(by: { $0.key < $1.key }) {
            for code in codes.sorted() {
                chosen.append(Link(text: req.localizer.text("record_facet_not", req.language, ["value": label(field, code)]),
                                   href: href(query.excluding(field, code))))
            }
        }
        let words = StateNameResolver.normalise(query.text).split(separator: " ").map(String.init)
        let hits = results.hits.map { hit -> Hit in
            let format = RecordFormat.of(hit.kind)
            let title = (try? hit.record.title(in: req.language, document: hit.document)) ?? .init(text: "", fallback: nil)
            let long = format.fields.first { $0.input == .text }.map { hit.document.text($0.name, original: hit.record.originalLanguage).shown(in: req.language).text } ?? ""
            var meta = [labels.kind(hit.kind)]
            if let state = hit.record.stateISO3 { meta.append(labels.states.name(state, in: req.language)) }
            if let day = hit.record.publishedOn.flatMap(CivilDate.init(iso:)) {
                meta.append(req.localizer.text("record_published_on", req.language, ["day": req.language.format(day)]))
            }
            return Hit(title: title.text, href: "/clearing-house/records/" + (hit.record.id?.uuidString ?? ""), note: labels.fallback(title.fallback),
                       kind: labels.kind(hit.kind), snippet: snippet(long, words: words), meta: meta.joined(separator: " · "))
        }
        let hidden = query.items.filter { !["q", "page", "sort"].contains($0.name) && !(kind != nil && $0.name == "kind") }
            .map { LabelValue(label: $0.name, value: $0.value) }
        var paging = query
        let pages = max(1, (results.total + pageSize - 1) / pageSize)
        paging.page = query.page - 1
        let previous = query.page > 1 ? href(paging) : nil
        paging.page = query.page + 1
        let next = query.page < pages ? href(paging) : nil
        return RecordListPage(
            heading: kind.map(labels.kind) ?? req.text("record_search_heading"), action: path, q: query.text, hidden: hidden,
            sorts: RecordQuery.Order.allCases.map {
                SelectOption(value: $0.rawValue, label: req.text("record_sort_" + $0.rawValue), selected: $0 == query.order)
            },
            chosen: chosen, facets: facets, hits: hits,
            summary: req.localizer.text("record_results_count", req.language, count: results.total),
            pager: previous == nil && next == nil ? nil : PagerContext(
                previous: previous, next: next,
                summary: req.localizer.text("pager_summary", req.language, ["page": req.language.format(query.page), "pages": req.language.format(pages)])),
            addHref: kind.flatMap { RecordEditingController.mayStart($0, req) ? "/clearing-house/\($0.slug)/new" : nil },
            downloads: results.total == 0 ? [] : [
                Link(text: "CSV", href: link("/clearing-house/export.csv", withoutPage(query), dropKind: false)),
                Link(text: "JSON", href: link("/clearing-house/export.json", withoutPage(query), dropKind: false)),
            ],
            feed: kind == .opportunity ? "/clearing-house/opportunities.atom?lang=" + req.language.rawValue : nil,
            save: req.currentUser == nil ? nil : SaveForm(
                csrf: req.csrfToken, query: SavedSearchesController.encode(withoutPage(query)),
                name: query.text.isEmpty ? (kind.map(labels.kind) ?? req.text("record_search_heading")) : query.text,
                frequencies: SavedSearchesController.frequencies(req, chosen: SavedSearchModel.Frequency.off.rawValue)))
    }

    private static func facet(id: String, label: String, counts: [(code: String, count: Int)], query: RecordQuery, field: String,
                              label name: (String) -> String, href: (RecordQuery) -> String, req: Request, shown: Int, more: Link?) -> Facet {
        let kept = query.included[field] ?? []
        let top = counts.prefix(shown).map(\.code)
        let visible = counts.filter { top.contains($0.code) || kept.contains($0.code) }
        return Facet(id: "facet-" + id, label: label, values: visible.map { code, count in
            FacetValue(label: name(code), count: req.language.format(count), href: href(query.toggling(field, code)),
                       excludeHref: href(query.excluding(field, code)),
                       excludeLabel: req.localizer.text("record_facet_leave_out", req.language, ["value": name(code)]), kept: kept.contains(code))
        }, more: more)
    }

    /// The page of every value of one facet.
    struct FacetPage: Encodable {
        let heading: String
        let back: String
        let values: [FacetValue]
    }

    static func facetPage(_ req: Request, field: RecordField, query: RecordQuery, results: RecordSearch.Results) -> FacetPage {
        let labels = RecordLabels(req)
        let back = link(query.kinds.count == 1 ? "/clearing-house/" + query.kinds.first!.slug : "/clearing-house/search", query,
                        dropKind: query.kinds.count == 1)
        let path = URLComponents(string: back)?.path ?? "/clearing-house/search"
        let kept = query.included[field.name] ?? []
        let values = (results.facets[field.name] ?? []).map { code, count in
            FacetValue(label: labels.code(code, of: field), count: req.language.format(count),
                       href: link(path, query.toggling(field.name, code), dropKind: query.kinds.count == 1),
                       excludeHref: link(path, query.excluding(field.name, code), dropKind: query.kinds.count == 1),
                       excludeLabel: req.localizer.text("record_facet_leave_out", req.language, ["value": labels.code(code, of: field)]),
                       kept: kept.contains(code))
        }.sorted { $0.label.compare($1.label, locale: req.language.locale) == .orderedAscending }
        return FacetPage(heading: req.localizer.text("record_facet_values_heading", req.language, ["field": labels.field(field.name)]),
                         back: back, values: values)
    }

    private static func withoutPage(_ query: RecordQuery) -> RecordQuery {
        var whole = query
        whole.page = 1
        return whole
    }

    /// The address of a search; a kind's own list does not repeat its kind.
    static func link(_ path: String, _ query: RecordQuery, dropKind: Bool) -> String {
        var components = URLComponents()
        components.path = path
        let items = query.items.filter { !(dropKind && $0.name == "kind") }.map { URLQueryItem(name: $0.name, value: $0.value) }
        components.queryItems = items.isEmpty ? nil : items
        // `+` in a value would read back as a space.
        return (components.string ?? path).replacingOccurrences(of: "+", with: "%2B")
    }

    /// About forty words of `text` around the first word searched for, those words marked; the text's start when
    /// nothing was searched for.
    static func snippet(_ text: String, words: [String], length: Int = 40) -> [SnippetPart] {
        let tokens = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !tokens.isEmpty else { return [] }
        let marked = tokens.map { token in
            let folded = StateNameResolver.normalise(token)
            return !folded.isEmpty && words.contains { folded.contains($0) }
        }
        let first = marked.firstIndex(of: true) ?? 0
        let start = max(0, first - length / 4)
        let end = min(tokens.count, start + length)
        var parts: [SnippetPart] = []
        func add(_ text: String, mark: Bool) {
            if let last = parts.last, last.mark == mark {
                parts[parts.count - 1] = SnippetPart(text: last.text + text, mark: mark)
            } else {
                parts.append(SnippetPart(text: text, mark: mark))
            }
        }
        for index in start..<end {
            add(tokens[index], mark: marked[index])
            if index < end - 1 { add(" ", mark: marked[index] && marked[index + 1]) }
        }
        if start > 0 { parts.insert(SnippetPart(text: "… ", mark: false), at: 0) }
        if end < tokens.count { parts.append(SnippetPart(text: " …", mark: false)) }
        return parts
    }
}
