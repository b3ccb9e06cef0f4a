import Measures
import Retraining

/// One model of a fleet, with everything measured about it in a job.
///
/// A coordinator fills it from stored task results: the calibration points of real retrains
/// (``calibrationPoints``), one ``MeasureResult`` per shift × level (``measurements``, each
/// with its `shift` set, e.g. `gaussian:0.1`), and the metered costs of training and evaluating it.
public struct FleetMember: Codable, Sendable {
    /// How the model is shown: a file name, or `architecture@depth` for a trained member.
    public var name: String
    /// The architecture name (`mlp`, `cnn`, `vgg-mini`, `resnet-mini`, `resnet18`), or "" when unknown.
    public var architecture: String
    /// The calibration retrains of this model; at least 4 fit its cost estimates.
    public var calibrationPoints: [CalibrationPoint]
    /// One measurement per shift × level to rank; each needs its `shift`.
    public var measurements: [MeasureResult]
    /// The retraining epoch limit the calibration ran under (``RetrainOptions/maxEpochs``), used
    /// for the from-scratch proxy when ``scratchCost`` is unknown.
    public var maxEpochs: Int?
    /// What training the model from scratch cost in the job, when it was trained there.
    public var scratchCost: MeasuredCost?
    /// What evaluating the model cost: energy and emissions summed over its measure tasks.
    public var evaluationCost: MeasuredCost?
    /// What retraining the model really cost under a shift, by shift text ("gaussian:0.1"), where a retrain plan ran
    /// it; those retrains also join ``calibrationPoints``.
    public var retrainCosts: [String: MeasuredCost] = [:]
    /// The test accuracy the calibration retrains had to reach (``RetrainOptions/targetAccuracy``); estimates are of
    /// retraining to this accuracy. `nil` when unknown.
    public var targetAccuracy: Double?
    /// Millions of floating-point operations of one image's forward pass (2 × multiply-adds), when measured: with
    /// the accuracy, what a depth of a cooperative model (`model@depth`) trades against its retraining cost.
    public var megaFLOPs: Double?

    /// A member from its parts; ``Ranking`` checks them.
    public init(
        name: String, architecture: String, calibrationPoints: [CalibrationPoint], measurements: [MeasureResult],
        maxEpochs: Int? = nil, scratchCost: MeasuredCost? = nil, evaluationCost: MeasuredCost? = nil,
        targetAccuracy: Double? = nil
    ) {
        self.targetAccuracy = targetAccuracy
        self.name = name
        self.architecture = architecture
        self.calibrationPoints = calibrationPoints
        self.measurements = measurements
        self.maxEpochs = maxEpochs
        self.scratchCost = scratchCost
        self.evaluationCost = evaluationCost
    }

    /// Mean kWh per epoch over the calibration retrains that ran at least one epoch, or `nil`.
    public var meanKilowattHoursPerEpoch: Double? {
        let trained = calibrationPoints.filter { $0.epochs > 0 && $0.kilowattHours.isFinite }
        let epochs = trained.reduce(0) { $0 + $1.epochs }
        guard epochs > 0 else { return nil }
        return trained.reduce(0) { $0 + $1.kilowattHours } / Double(epochs)
    }

    /// Checks what a ranking cannot do without.
    func validate() throws(FleetError) {
        guard !name.isEmpty else {
            throw FleetError(.invalidMember, "a fleet member has no name; give each model a display name")
        }
        if let index = measurements.firstIndex(where: { ($0.shift ?? "").isEmpty }) {
            throw FleetError(
                .invalidMember,
                "measurement \(index + 1) of model \(name) has no shift; set its shift (e.g. gaussian:0.1)")
        }
        if let maxEpochs, maxEpochs < 1 {
            throw FleetError(.invalidMember, "model \(name) has maxEpochs \(maxEpochs); expected at least 1 or none")
        }
        for (label, cost) in [("scratch", scratchCost), ("evaluation", evaluationCost)] {
            if let cost, !cost.isValid {
                throw FleetError(
                    .invalidMember,
                    "the \(label) cost of model \(name) (\(cost.kilowattHours) kWh, \(cost.kilogramsCO2eq) kg CO2eq) "
                        + "is negative or not finite; expected metered values 0 or more")
            }
        }
    }
}
