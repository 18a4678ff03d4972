import Foundation

/// The lines of a page's error summary that lead nowhere: every line must lead to an element of the same page.
func unresolvedSummaryLinks(_ html: String) -> [String] {
    guard let start = html.range(of: "id=\"error-summary\"") else { return ["(no summary)"] }
    let rest = html[start.upperBound...]
    let end = rest.range(of: "</ul>")?.lowerBound ?? rest.endIndex
    var missing: [String] = []
    var cursor = rest[..<end]
    while let href = cursor.range(of: "href=\"#") {
        let after = cursor[href.upperBound...]
        guard let close = after.firstIndex(of: "\"") else { break }
        let anchor = String(after[..<close])
        if !html.contains("id=\"\(anchor)\"") { missing.append(anchor) }
        cursor = after[close...]
    }
    return missing
}
