import Foundation

/// A linear map from data values to SVG coordinates, with round tick values for its axis.
struct ChartScale {
    /// The data interval shown, widened to round ends.
    var low: Double
    var high: Double
    /// The SVG coordinates `low` and `high` map to (for a vertical axis `from` is the bottom).
    var from: Double
    var to: Double
    /// The distance between ticks.
    var step: Double

    /// A scale covering `values` (and `0` when `includeZero`), widened to round tick values; a single value or
    /// none gets a unit-wide interval around it.
    init(covering values: [Double], includeZero: Bool = false, from: Double, to: Double) {
        var finite = values.filter(\.isFinite)
        if includeZero { finite.append(0) }
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if high <= low {
            let pad = low == 0 ? 1 : abs(low) / 2
            (low, high) = (low - pad, high + pad)
        }
        let step = Self.step(span: high - low)
        self.step = step
        self.low = (low / step + 1e-9).rounded(.down) * step
        self.high = (high / step - 1e-9).rounded(.up) * step
        self.from = from
        self.to = to
    }

    /// The coordinate of `value`.
    func position(_ value: Double) -> Double {
        from + (value - low) / (high - low) * (to - from)
    }

    /// Round values from ``low`` to ``high``, about five of them.
    var ticks: [Double] {
        let count = Int(((high - low) / step).rounded())
        return (0...max(count, 1)).map { low + Double($0) * step }
    }

    /// 1, 2 or 5 × a power of ten, giving about five intervals over `span`.
    private static func step(span: Double) -> Double {
        let raw = span / 5
        let power = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / power
        let tolerance = 1 + 1e-9
        return (fraction <= tolerance ? 1 : fraction <= 2 * tolerance ? 2 : fraction <= 5 * tolerance ? 5 : 10) * power
    }
}
