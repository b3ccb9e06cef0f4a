/// One retrain of a plan: which model recovers from which shift, how, at what estimated cost, where, and with
/// which options.
public struct PlanRow: Codable, Sendable, Hashable {
    /// The row's number in the plan, from 1.
    public var number: Int
    /// The model's name as ranked.
    public var model: String
    /// The SHA-256 of the model's artifact (64 lowercase hex digits), when known; the coordinator refuses a
    /// plan whose hash does not match what it stores.
    public var modelSHA256: String?
    /// The shift as measured, e.g. `gaussian:0.1`.
    public var shift: String
    /// The shift's type (`gaussian`).
    public var shiftType: String
    /// The shift's level, `nil` when the shift names none.
    public var level: Double?
    /// Retrain the deployed model or train from scratch.
    public var approach: PlanApproach
    /// One line saying why this approach.
    public var approachReason: String
    /// Estimated epochs; `nil` for a from-scratch run whose epochs were not metered.
    public var epochs: CostEstimate?
    /// Estimated energy.
    public var kilowattHours: CostEstimate
    /// Estimated emissions at the planned node: ``kilowattHours`` × ``gramsPerKWh`` / 1000.
    public var kilogramsCO2eq: CostEstimate
    /// The planned worker node.
    public var node: String
    /// Its grid region.
    public var region: String
    /// Its grid intensity, grams CO2eq per kWh.
    public var gramsPerKWh: Double
    /// The retrain stops when the shifted test accuracy reaches this, in (0, 1].
    public var targetAccuracy: Double
    /// The retrain stops after this many epochs.
    public var maxEpochs: Int
    /// Plateau rules `acc_diff:epochs`.
    public var cutoffs: [String]

    /// A row from its parts; ``shiftType`` and ``level`` are given, not parsed, so a plan reads back as written.
    public init(
        number: Int, model: String, modelSHA256: String? = nil, shift: String, shiftType: String, level: Double?,
        approach: PlanApproach, approachReason: String, epochs: CostEstimate?, kilowattHours: CostEstimate,
        kilogramsCO2eq: CostEstimate, node: String, region: String, gramsPerKWh: Double, targetAccuracy: Double,
        maxEpochs: Int, cutoffs: [String]
    ) {
        self.number = number
        self.model = model
        self.modelSHA256 = modelSHA256
        self.shift = shift
        self.shiftType = shiftType
        self.level = level
        self.approach = approach
        self.approachReason = approachReason
        self.epochs = epochs
        self.kilowattHours = kilowattHours
        self.kilogramsCO2eq = kilogramsCO2eq
        self.node = node
        self.region = region
        self.gramsPerKWh = gramsPerKWh
        self.targetAccuracy = targetAccuracy
        self.maxEpochs = maxEpochs
        self.cutoffs = cutoffs
    }

    /// Checks what a person editing the plan could break: names, hash, numbers and retrain options.
    ///
    /// - Throws: ``FleetError/Code/invalidPlan`` naming the row and the value.
    public func validate() throws(FleetError) {
        let row = "row \(number) (\(model) \(shift))"
        guard number >= 1 else { throw FleetError(.invalidPlan, "\(row) has number \(number); expected 1 or more") }
        guard !model.isEmpty, !shift.isEmpty, !node.isEmpty else {
            throw FleetError(.invalidPlan, "\(row) lacks its model, shift or node; expected all three named")
        }
        if let hash = modelSHA256, hash.count != 64 || !hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            throw FleetError(
                .invalidPlan, "\(row) has model hash \"\(hash)\"; expected 64 lowercase hex digits (SHA-256)")
        }
        for (name, estimate) in [("epochs", epochs), ("kWh", kilowattHours), ("kg CO2eq", kilogramsCO2eq)] {
            if let estimate, !estimate.isFinite || estimate.value < 0 {
                throw FleetError(
                    .invalidPlan,
                    "\(row) estimates \(estimate.value) [\(estimate.low)–\(estimate.high)] \(name); "
                        + "expected finite values, the estimate 0 or more")
            }
        }
        guard gramsPerKWh.isFinite, gramsPerKWh >= 0 else {
            throw FleetError(.invalidPlan, "\(row) has \(gramsPerKWh) g/kWh at node \(node); expected 0 or more")
        }
        try PlanPolicy.checkRetrainOptions(
            targetAccuracy: targetAccuracy, maxEpochs: maxEpochs, cutoffs: cutoffs, code: .invalidPlan, context: "\(row): ")
    }
}
