import Fleet

/// Estimated retraining kWh as grouped SVG bars: one group per model, one bar per shift, each with a whisker over
/// its interval; shift types share a colour, named in a legend.
enum SVGBars {
    static let height = 320.0, left = 70.0, right = 16.0, top = 16.0, bottom = 60.0
    static let barWidth = 14.0, groupGap = 24.0
    /// Fill colours by shift type, in order of first appearance, repeating.
    static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"]

    /// The chart of `rows` that have a kWh estimate, grouped by model in first-seen order; `nil` when none has.
    static func render(_ rows: [RankingRow]) -> String? {
        let estimated = rows.compactMap { row in row.kilowattHours.map { (row, $0) } }.filter { $0.1.isDrawable }
        guard !estimated.isEmpty else { return nil }
        var models: [String] = []
        var groups: [String: [(RankingRow, CostEstimate)]] = [:]
        for entry in estimated {
            if groups[entry.0.model] == nil { models.append(entry.0.model) }
            groups[entry.0.model, default: []].append(entry)
        }
        for model in models {
            groups[model]!.sort { ($0.0.shiftType, $0.0.level ?? .infinity, $0.0.shift) < ($1.0.shiftType, $1.0.level ?? .infinity, $1.0.shift) }
        }
        var types: [String] = []
        for model in models { for (row, _) in groups[model]! where !types.contains(row.shiftType) { types.append(row.shiftType) } }

        let plotWidth = models.reduce(groupGap) { $0 + Double(groups[$1]!.count) * barWidth + groupGap }
        let width = left + max(plotWidth, 200) + right
        let y = ChartScale(
            covering: estimated.flatMap { [$0.1.low, $0.1.high, $0.1.value] }, includeZero: true,
            from: height - bottom, to: top)
        var svg = SVGAxes.open(width: width, height: height + 20 * Double(types.count), label: "estimated retraining kWh per model and shift")
        var x = left + groupGap
        for model in models {
            let group = groups[model]!
            for (row, estimate) in group {
                let colour = palette[types.firstIndex(of: row.shiftType)! % palette.count]
                let top = y.position(max(estimate.value, 0)), base = y.position(0)
                let tip = "\(row.model) \(row.shift): \(UnitText.estimate(estimate, of: .kilowattHours))"
                    + (estimate.extrapolated ? " (extrapolated)" : "")
                svg += "<rect class=\"bar\(estimate.extrapolated ? " extrapolated" : "")\" x=\"\(SVGAxes.f(x + 1))\" "
                    + "y=\"\(SVGAxes.f(min(top, base)))\" width=\"\(SVGAxes.f(barWidth - 2))\" "
                    + "height=\"\(SVGAxes.f(abs(base - top)))\" fill=\"\(colour)\"><title>\(HTMLText.escape(tip))</title></rect>\n"
                let middle = x + barWidth / 2
                svg += SVGAxes.line(middle, y.position(estimate.low), middle, y.position(estimate.high), class: "whisker")
                for end in [estimate.low, estimate.high] {
                    svg += SVGAxes.line(middle - 4, y.position(end), middle + 4, y.position(end), class: "whisker")
                }
                x += barWidth
            }
            let groupWidth = Double(group.count) * barWidth
            svg += SVGAxes.text(model, x: x - groupWidth / 2, y: height - bottom + 18, anchor: "middle", class: "group")
            x += groupGap
        }
        svg += SVGAxes.line(left, height - bottom, width - right, height - bottom, class: "axis")
        svg += SVGAxes.vertical(y, x: left, title: "estimated kWh")
        svg += SVGAxes.text("model", x: (left + width - right) / 2, y: height - bottom + 38, anchor: "middle", class: "axis-title")
        for (index, type) in types.enumerated() {
            let legendY = height + 20 * Double(index) - 6
            svg += "<rect class=\"swatch\" x=\"\(SVGAxes.f(left))\" y=\"\(SVGAxes.f(legendY - 10))\" width=\"12\" height=\"12\" "
                + "fill=\"\(palette[index % palette.count])\"/>\n"
            svg += SVGAxes.text("shift \(type)", x: left + 18, y: legendY, anchor: "start", class: "legend")
        }
        return svg + "</svg>\n"
    }
}

extension CostEstimate {
    /// Whether every figure can be placed on an axis.
    fileprivate var isDrawable: Bool { value.isFinite && low.isFinite && high.isFinite }
}
