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

    private let width = 640
    private let labelWidth = 210
    private let barHeight = 24
    private let gap = 10
    private let top = 28

    var svg: String {
        let scaleMax = max(1, bars.map(\.value).max() ?? 0, marker?.value ?? 0)
        // Room right of the longest bar for its value as written.
        let plot = width - labelWidth - max(50, (bars.map { ($0.text ?? String($0.value)).count }.max() ?? 0) * 8 + 12)
        let height = top + bars.count * (barHeight + gap) + 6
        func x(_ value: Int) -> Int { labelWidth + value * plot / scaleMax }
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(width) \(height)" role="img" \
        aria-labelledby="\(id)-title \(id)-desc" preserveAspectRatio="xMinYMin meet">\
        <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(summary))</desc>
        """
        for (index, bar) in bars.enumerated() {
            let y = top + index * (barHeight + gap)
            let length = max(bar.value > 0 ? 2 : 0, x(bar.value) - labelWidth)
            svg += """
            <g><text x="\(labelWidth - 8)" y="\(y + 17)" text-anchor="end" font-size="14" fill="#1f2933">\(escape(truncate(bar.label)))</text>\
            <rect x="\(labelWidth)" y="\(y)" width="\(length)" height="\(barHeight)" rx="2" fill="#1d5f8a"/>\
            <text x="\(labelWidth + length + 6)" y="\(y + 17)" font-size="14" fill="#1f2933">\(escape(bar.text ?? String(bar.value)))</text></g>
            """
        }
        if let marker {
            let mx = x(marker.value)
            svg += """
            <line x1="\(mx)" y1="\(top - 6)" x2="\(mx)" y2="\(height - 2)" stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4"/>\
            <text x="\(mx)" y="\(top - 10)" text-anchor="middle" font-size="13" fill="#b3261e">\(escape(marker.label))</text>
            """
        }
        return svg + "</svg>"
    }

    private func truncate(_ label: String) -> String {
        label.count > 28 ? String(label.prefix(27)) + "…" : label
    }

    private func escape(_ text: String) -> String { SVGText.escape(text) }
}
