import Foundation

/// An indicator's way from its baseline towards its target, drawn as SVG on the server: the baseline,
/// each reported value in order, and the target as a dashed line.
struct IndicatorChart {
    let id: String
    let title: String
    let summary: String
    let baseline: Double
    let target: Double
    let targetLabel: String
    /// The baseline's label first, then one per report.
    let points: [(label: String, value: Double)]

    private let width = 520, height = 170, left = 40, right = 20, top = 22, bottom = 36

    var svg: String {
        let values = [baseline, target] + points.map(\.value)
        let high = max(values.max() ?? 1, 1) * 1.15
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        // Values come bounded by `IndicatorProgress.number`; the clamp keeps a page from failing on any other.
        func y(_ value: Double) -> Int { top + plotHeight - Int(((value / high) * Double(plotHeight)).clamped(to: -1e6...1e6)) }
        func x(_ index: Int) -> Int { points.count < 2 ? left + plotWidth / 2 : left + index * plotWidth / (points.count - 1) }
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" class="chart indicator-chart" viewBox="0 0 \(width) \(height)" role="img" \
        aria-labelledby="\(id)-title \(id)-desc" preserveAspectRatio="xMinYMin meet">\
        <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(summary))</desc>\
        <line x1="\(left)" y1="\(top + plotHeight)" x2="\(width - right)" y2="\(top + plotHeight)" stroke="#9aa5b1"/>\
        <line x1="\(left)" y1="\(y(target))" x2="\(width - right)" y2="\(y(target))" stroke="#b3261e" stroke-width="2" stroke-dasharray="6 4"/>\
        <text x="\(width - right)" y="\(y(target) - 6)" text-anchor="end" font-size="12" fill="#b3261e">\(escape(targetLabel))</text>
        """
        let line = points.indices.map { "\(x($0)),\(y(points[$0].value))" }.joined(separator: " ")
        if points.count > 1 { svg += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"#1d5f8a\" stroke-width=\"2\"/>" }
        for (index, point) in points.enumerated() {
            svg += """
            <circle cx="\(x(index))" cy="\(y(point.value))" r="4" fill="#1d5f8a"/>\
            <text x="\(x(index))" y="\(y(point.value) - 8)" text-anchor="middle" font-size="12" fill="#1f2933">\(format(point.value))</text>\
            <text x="\(x(index))" y="\(height - 12)" text-anchor="middle" font-size="11" fill="#52606d">\(escape(point.label))</text>
            """
        }
        return svg + "</svg>"
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }

    private func escape(_ text: String) -> String { SVGText.escape(text) }
}

private extension Double {
    func clamped(to range: ClosedRange<Double>) -> Double { isNaN ? 0 : Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
