import Vapor

enum Pager {
    /// Previous/next links for a page list; nil when everything fits on one page.
    static func make(_ request: Request, _ paging: PageRequest, total: Int) -> PagerContext? {
        let pages = paging.pageCount(total: total)
        guard pages > 1 else { return nil }
        let language = request.language
        return PagerContext(
            previous: paging.page > 1 ? request.link(replacing: ["page": String(paging.page - 1)]) : nil,
            next: paging.page < pages ? request.link(replacing: ["page": String(paging.page + 1)]) : nil,
            summary: request.localizer.text("pager_summary", language, [
                "page": language.format(paging.page), "pages": language.format(pages),
            ]))
    }
}

extension Response {
    /// A CSV attachment the browser saves under `filename`.
    static func download(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: [
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": "attachment; filename=\"\(filename)\"",
        ], body: .init(string: text))
    }
}
