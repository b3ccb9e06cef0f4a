import Retraining

/// How well one model's costs are calibrated: its fits, or why it has none.
public struct CalibrationSummary: Codable, Sendable, Hashable {
    /// One cost's chosen fit.
    public struct Fit: Codable, Sendable, Hashable {
        /// The cost this fit predicts.
        public var cost: RankingCost
        /// The formula, e.g. `exp(-6.9 +8·preindex)`.
        public var description: String
        /// Mean absolute percentage error of leave-one-out predictions (0.1 = 10%).
        public var looMAPE: Double

        /// A fit summary from its parts.
        public init(cost: RankingCost, description: String, looMAPE: Double) {
            self.cost = cost
            self.description = description
            self.looMAPE = looMAPE
        }
    }

    /// The member's name.
    public var model: String
    /// Calibration points available.
    public var points: Int
    /// One per cost, in ``RankingCost`` order; empty when uncalibrated.
    public var fits: [Fit]
    /// Why the model has no estimates, or `nil` when it is calibrated.
    public var reason: String?
    /// The kWh fit's calibration points against its predictor, with the fitted curve; `nil` when uncalibrated, and
    /// in rankings written before it was recorded.
    public var scatter: CalibrationScatter?
    /// The test accuracy the calibration retrains reached for (see ``FleetMember/targetAccuracy``); `nil` when
    /// unknown.
    public var targetAccuracy: Double?

    /// A summary from its parts; `reason` is `nil` exactly when `fits` is not empty.
    public init(
        model: String, points: Int, fits: [Fit], reason: String?, scatter: CalibrationScatter? = nil,
        targetAccuracy: Double? = nil
    ) {
        self.targetAccuracy = targetAccuracy
        self.model = model
        self.points = points
        self.fits = fits
        self.reason = reason
        self.scatter = scatter
    }

    /// The summary of a fitted cost model.
    init(model: String, costModel: CostModel, targetAccuracy: Double?) {
        let fits = RankingCost.allCases.compactMap { cost in
            costModel.fits[cost.cost.rawValue].map { Fit(cost: cost, description: $0.description, looMAPE: $0.looMAPE) }
        }
        self.init(
            model: model, points: costModel.points.count, fits: fits, reason: nil,
            scatter: CalibrationScatter(costModel: costModel), targetAccuracy: targetAccuracy)
    }
}
