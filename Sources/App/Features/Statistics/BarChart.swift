/// A horizontal bar chart drawn as SVG on the server: it prints, needs no script and reads on a slow line.
struct BarChart {
    struct Bar {
        let label: String
        let value: Int
        /// How the value is written beside its bar, when not as a bare number (an amount with its currency).
        var text: String? = nil
    }

    /// A value to mark across the bars, such as the annual cap on visits.
    struct Marker {
        let label: String
        let value: Int
    }

    let id: String
    let title: String
    let summary: String
    let bars: [Bar]
    var marker: Marker? = nil

    /// Narrow, with each label on its own line above its bar: drawn at about its own size on a phone (text of
    /// 14 units shows at 12 px or more from 310 px wide), so nothing is scaled down to an unreadable size and no
    /// label is cut. A label too long for one line takes two.
    private let width = 360
    private let lineHeight = 17
    private let barHeight = 18
    private let gap = 12
    private let top = 24
    /// About what fits in `width` at the font's size.
    private let lineLength = 44

    var svg: String {
        let scaleMax = max(1, bars.map(\.value).max() ?? 0, marker?.value ?? 0)
        // Room right of the longest bar for its value as written.
        let plot = width - max(44, (bars.map { ($0.text ?? String($0.value)).count }.max() ?? 0) * 8 + 10)
        let lines = bars.map { Self.lines($0.label, length: lineLength) }
        let rows = lines.map { $0.count * lineHeight + barHeight + gap }
        let height = top + rows.reduce(0, +) + 2
        func x(_ value: Int) -> Int { value * plot / scaleMax }
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(width) \(height)" role="img" \
        aria-labelledby="\(id)-title \(id)-desc" preserveAspectRatio="xMinYMin meet">\
        <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(summary))</desc>
        """
        var y = top
        for (bar, label) in zip(bars, lines) {
            let length = max(bar.value > 0 ? 2 : 0, x(bar.value))
            let barY = y + label.count * lineHeight
            svg += "<g><text font-size=\"14\" fill=\"#1f2933\">"
            for (index, line) in label.enumerated() {
                svg += "<tspan x=\"0\" y=\"\(y + (index + 1) * lineHeight - 4)\">\(escape(line))</tspan>"
            }
            svg += """
            </text><rect x="0" y="\(barY)" width="\(length)" height="\(barHeight)" rx="2" fill="#1d5f8a"/>\
            <text x="\(length + 6)" y="\(barY + 14)" font-size="14" fill="#1f2933">\(escape(bar.text ?? String(bar.value)))</text></g>
            """
            y = barY + barHeight + gap
        }
        if let marker {
            let mx = x(marker.value)
            svg += """
            <line x1="\(mx)" y1="\(top - 4)" x2="\(mx)" y2="\(height - 2)" stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4"/>\
            <text x="\(min(mx, width - 4))" y="\(top - 8)" text-anchor="\(mx > width / 2 ? "end" : "start")" font-size="13" fill="#b3261e">\(escape(marker.label))</text>
            """
        }
        return svg + "</svg>"
    }

    /// A label in lines of at most `length` characters, broken between words (a word longer than a line is cut).
    static func lines(_ label: String, length: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in label.split(separator: " ") {
            if line.isEmpty { line = String(word) } else if line.count + 1 + word.count <= length { line += " " + word } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines.map { $0.count > length ? String($0.prefix(length - 1)) + "…" : $0 }
    }

    private func escape(_ text: String) -> String { SVGText.escape(text) }
}
