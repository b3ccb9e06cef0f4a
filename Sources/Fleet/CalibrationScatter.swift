import Retraining

/// One model's kWh calibration as points to draw: each calibration retrain's predictor value against the kWh it
/// measured, and the fitted curve with its interval along the predictor's calibrated range.
///
/// The predictor is the first one the kWh fit chose (``CostFit/predictors``); a fit on two predictors has no
/// single curve over one of them, so its ``curve`` is empty and only the points are drawn.
public struct CalibrationScatter: Codable, Sendable, Hashable {
    /// One calibration retrain: where it lies on the predictor and what it measured.
    public struct Sample: Codable, Sendable, Hashable {
        /// The calibration shift, e.g. `gaussian:0.1`.
        public var shift: String
        /// The predictor's value under that shift.
        public var predictor: Double
        /// The retrain's measured energy.
        public var kilowattHours: Double

        /// A sample from its parts.
        public init(shift: String, predictor: Double, kilowattHours: Double) {
            self.shift = shift
            self.predictor = predictor
            self.kilowattHours = kilowattHours
        }
    }

    /// The fit at one predictor value: its prediction and interval.
    public struct CurvePoint: Codable, Sendable, Hashable {
        /// The predictor's value.
        public var predictor: Double
        /// The fitted kWh there.
        public var kilowattHours: Double
        /// The interval's lower end there.
        public var low: Double
        /// The interval's upper end there.
        public var high: Double

        /// A curve point from its parts.
        public init(predictor: Double, kilowattHours: Double, low: Double, high: Double) {
            self.predictor = predictor
            self.kilowattHours = kilowattHours
            self.low = low
            self.high = high
        }
    }

    /// The predictor on the horizontal axis, e.g. `preindex`.
    public var predictor: String
    /// The calibration retrains, in calibration order.
    public var samples: [Sample]
    /// The fitted kWh over the calibrated range of ``predictor``, left to right; empty for a two-predictor fit.
    public var curve: [CurvePoint]

    /// A scatter from its parts.
    public init(predictor: String, samples: [Sample], curve: [CurvePoint]) {
        self.predictor = predictor
        self.samples = samples
        self.curve = curve
    }

    /// Points drawn along a one-predictor fit's calibrated range.
    static let curveSteps = 40

    /// The scatter of `costModel`'s kWh fit, or `nil` when it has none.
    init?(costModel: CostModel) {
        guard let fit = costModel.fits[Cost.kilowattHours.rawValue], let name = fit.predictors.first else { return nil }
        let samples = costModel.points.compactMap { point in
            point.predictors[name].map { Sample(shift: point.shift, predictor: $0, kilowattHours: point.kilowattHours) }
        }
        var curve: [CurvePoint] = []
        if fit.predictors.count == 1, let range = fit.ranges.first, range.count == 2, range[1] > range[0] {
            curve = (0...Self.curveSteps).compactMap { step in
                let x = range[0] + (range[1] - range[0]) * Double(step) / Double(Self.curveSteps)
                let value = fit.predict([x])
                let interval = fit.interval(around: value)
                guard value.isFinite, interval.low.isFinite, interval.high.isFinite else { return nil }
                return CurvePoint(predictor: x, kilowattHours: value, low: interval.low, high: interval.high)
            }
        }
        self.init(predictor: name, samples: samples, curve: curve)
    }
}
