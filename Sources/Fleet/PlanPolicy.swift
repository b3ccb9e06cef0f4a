import Retraining

/// How a retrain plan is chosen from a ranking: the budget, reuse or scratch, explicit rows, placement, and
/// the options every retrain runs with.
///
/// See ``RetrainPlan/make(from:nodes:policy:)`` for how these decide the rows.
public struct PlanPolicy: Codable, Sendable, Hashable {
    /// The most the plan may spend, or `nil` to plan every candidate row.
    public var budget: PlanBudget?
    /// Reuse the deployed models, train from scratch, or decide per row.
    public var prefer: PlanPreference
    /// Rows chosen by hand; empty to consider every row of the ranking.
    public var selections: [PlanSelection]
    /// Where the retrains run.
    public var placement: PlacementStrategy
    /// Each retrain stops when the shifted test accuracy reaches this, in (0, 1].
    public var targetAccuracy: Double
    /// Each retrain stops after this many epochs, at least 1.
    public var maxEpochs: Int
    /// Plateau rules `acc_diff:epochs` (at most two), as `preindex retrain --cutoff` takes them.
    public var cutoffs: [String]

    /// A policy from its parts; the defaults are `preindex retrain`'s.
    public init(
        budget: PlanBudget? = nil, prefer: PlanPreference = .auto, selections: [PlanSelection] = [],
        placement: PlacementStrategy = .greenest, targetAccuracy: Double = 0.85, maxEpochs: Int = 30,
        cutoffs: [String] = []
    ) {
        self.budget = budget
        self.prefer = prefer
        self.selections = selections
        self.placement = placement
        self.targetAccuracy = targetAccuracy
        self.maxEpochs = maxEpochs
        self.cutoffs = cutoffs
    }

    /// Checks the budget (finite, greater than 0) and the retrain options as `preindex retrain` would.
    ///
    /// - Throws: ``FleetError/Code/invalidPolicy`` saying which value is out of range.
    public func validate() throws(FleetError) {
        try budget?.validate()
        try Self.checkRetrainOptions(targetAccuracy: targetAccuracy, maxEpochs: maxEpochs, cutoffs: cutoffs, code: .invalidPolicy)
    }

    /// Checks options a retrain will run with, as `RetrainOptions` does; errors carry `code` and `context`.
    static func checkRetrainOptions(
        targetAccuracy: Double, maxEpochs: Int, cutoffs: [String], code: FleetError.Code, context: String = ""
    ) throws(FleetError) {
        do throws(RetrainError) {
            _ = try RetrainOptions(
                targetAccuracy: targetAccuracy,
                cutoffs: try cutoffs.map { text throws(RetrainError) in try PlateauCutoff(parsing: text) },
                maxEpochs: maxEpochs)
        } catch {
            throw FleetError(code, context + error.message)
        }
    }
}
