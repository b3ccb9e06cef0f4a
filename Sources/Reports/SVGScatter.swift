import Fleet

/// One model's calibration as an SVG scatter: measured kWh against the fit's predictor, one circle per calibration
/// retrain, with the fitted curve and its interval band over the calibrated range.
enum SVGScatter {
    static let width = 480.0, height = 300.0
    static let left = 70.0, right = 16.0, top = 16.0, bottom = 50.0

    /// The chart of `scatter` for `model`.
    static func render(_ scatter: CalibrationScatter, model: String) -> String {
        let samples = scatter.samples.filter { $0.predictor.isFinite && $0.kilowattHours.isFinite }
        let curve = scatter.curve
        let x = ChartScale(
            covering: samples.map(\.predictor) + curve.map(\.predictor), from: left, to: width - right)
        let y = ChartScale(
            covering: samples.map(\.kilowattHours) + curve.flatMap { [$0.low, $0.high] }, includeZero: true,
            from: height - bottom, to: top)
        var svg = SVGAxes.open(
            width: width, height: height, label: "calibration of \(model): measured kWh against \(scatter.predictor)")
        if !curve.isEmpty {
            let upper = curve.map { "\(SVGAxes.f(x.position($0.predictor))),\(SVGAxes.f(y.position($0.high)))" }
            let lower = curve.reversed().map { "\(SVGAxes.f(x.position($0.predictor))),\(SVGAxes.f(y.position($0.low)))" }
            svg += "<polygon class=\"band\" fill=\"#e15759\" fill-opacity=\"0.15\" "
                + "points=\"\((upper + lower).joined(separator: " "))\"><title>interval of the fit</title></polygon>\n"
            let line = curve.map { "\(SVGAxes.f(x.position($0.predictor))),\(SVGAxes.f(y.position($0.kilowattHours)))" }
            svg += "<polyline class=\"fit\" fill=\"none\" stroke=\"#e15759\" stroke-width=\"2\" "
                + "points=\"\(line.joined(separator: " "))\"><title>fitted kWh</title></polyline>\n"
        }
        for sample in samples {
            let tip = "\(sample.shift): \(scatter.predictor) \(NumberText.short(sample.predictor)), "
                + UnitText.kilowattHours(sample.kilowattHours)
            svg += "<circle class=\"point\" fill=\"#4e79a7\" cx=\"\(SVGAxes.f(x.position(sample.predictor)))\" "
                + "cy=\"\(SVGAxes.f(y.position(sample.kilowattHours)))\" r=\"4\"><title>\(HTMLText.escape(tip))</title></circle>\n"
        }
        svg += SVGAxes.vertical(y, x: left, title: "measured kWh")
        svg += SVGAxes.horizontal(x, y: height - bottom, title: scatter.predictor)
        return svg + "</svg>\n"
    }
}
