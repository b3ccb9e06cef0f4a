import Measures
import Retraining

/// One row of a ranking: one model under one shift at one level, with what retraining it would cost.
public struct RankingRow: Codable, Sendable, Hashable {
    /// The member's name.
    public var model: String
    /// The member's architecture name, or "".
    public var architecture: String
    /// The shift as measured, e.g. `gaussian:0.1` or `blur:1@7`.
    public var shift: String
    /// The shift's type, the part before `:` (`gaussian`).
    public var shiftType: String
    /// The shift's level, the number after `:`; `nil` when the shift names none.
    public var level: Double?
    /// The measured index.
    public var preindex: Double
    /// Estimated retraining epochs, or `nil` with ``unestimatedReason``.
    public var epochs: CostEstimate?
    /// Estimated retraining energy, or `nil` with ``unestimatedReason``.
    public var kilowattHours: CostEstimate?
    /// Estimated retraining emissions (at the calibration's nodes), or `nil` with ``unestimatedReason``.
    public var kilogramsCO2eq: CostEstimate?
    /// Why there are no estimates; `nil` when there are.
    public var unestimatedReason: String?
    /// Retrain or train from scratch (see ``Advice`` for the rule).
    public var advice: Advice
    /// One line saying why.
    public var adviceReason: String
    /// The metered cost of evaluating this row's model: all its measure tasks, shared by its rows.
    public var evaluationCost: MeasuredCost?
    /// Where the retrain would emit least; `nil` without a kWh estimate or without nodes.
    public var placement: Placement?
    /// What training the model from scratch would cost instead (see ``ScratchEstimate``); `nil` when unknown,
    /// and in rankings written before it was recorded.
    public var scratch: ScratchEstimate?
    /// What retraining really cost under this shift, when a retrain plan ran it: then the row is measured, not
    /// only estimated.
    public var actual: MeasuredCost?
    /// The model's top-1 accuracy on the clean and the shifted samples, from the measuring forward passes: the cheap
    /// baseline beside the index. `nil` when not measured, and in rankings written before it was recorded.
    public var accuracy: MeasureResult.Accuracy?
    /// The member's forward-pass MFLOPs per image (``FleetMember/megaFLOPs``), when known.
    public var megaFLOPs: Double?

    /// A row from its parts; ``shiftType`` and ``level`` are read from `shift` (`type:level[@seed]`).
    public init(
        model: String, architecture: String, shift: String, preindex: Double, epochs: CostEstimate?,
        kilowattHours: CostEstimate?, kilogramsCO2eq: CostEstimate?, unestimatedReason: String?, advice: Advice,
        adviceReason: String, evaluationCost: MeasuredCost?, placement: Placement?, scratch: ScratchEstimate? = nil
    ) {
        self.model = model
        self.architecture = architecture
        self.shift = shift
        let label = Self.parse(shift: shift)
        shiftType = label.type
        level = label.level
        self.preindex = preindex
        self.epochs = epochs
        self.kilowattHours = kilowattHours
        self.kilogramsCO2eq = kilogramsCO2eq
        self.unestimatedReason = unestimatedReason
        self.advice = advice
        self.adviceReason = adviceReason
        self.evaluationCost = evaluationCost
        self.placement = placement
        self.scratch = scratch
    }

    /// The estimate of `cost`.
    public func estimate(of cost: RankingCost) -> CostEstimate? {
        switch cost {
        case .epochs: epochs
        case .kilowattHours: kilowattHours
        case .kilogramsCO2eq: kilogramsCO2eq
        }
    }

    /// The row of `measurement` for `member`, estimated with `costModel` (or unestimated for `reason`).
    ///
    /// Emissions are the kWh estimate (and its interval) at `gramsPerKWh`, not a fit of their own: calibration
    /// retrains ran on nodes in different grids, so their kg CO2eq mixes the cost with where it was paid.
    init(
        member: FleetMember, measurement: MeasureResult, costModel: Result<CostModel, RetrainError>,
        nodes: [NodeEnergy], gramsPerKWh: Double
    ) {
        var estimates: [RankingCost: CostEstimate] = [:]
        var reason: String?
        switch costModel {
        case .success(let model):
            let all = model.estimate(measurement)
            for cost in RankingCost.allCases {
                guard let found = all.first(where: { $0.cost == cost.cost }) else { continue }
                estimates[cost] = CostEstimate(
                    value: found.value, low: found.low, high: found.high, extrapolated: found.extrapolated)
            }
            if estimates.count < RankingCost.allCases.count
                || estimates.values.contains(where: { ![$0.value, $0.low, $0.high].allSatisfy(\.isFinite) })
            {
                let predictors = Set(all.flatMap(\.predictors)).sorted().joined(separator: ", ")
                reason = "the measured predictors (\(predictors)) give no finite estimate; check the measurement"
                estimates = [:]
            }
            if let kwh = estimates[.kilowattHours] {
                let perKWh = gramsPerKWh / 1000
                estimates[.kilogramsCO2eq] = CostEstimate(
                    value: kwh.value * perKWh, low: kwh.low * perKWh, high: kwh.high * perKWh,
                    extrapolated: kwh.extrapolated)
            }
        case .failure(let error):
            reason = "uncalibrated: \(error.message)"
        }
        let kwh = estimates[.kilowattHours]
        let (advice, adviceReason) = Advice.judge(kilowattHours: kwh, member: member)
        self.init(
            model: member.name, architecture: member.architecture, shift: measurement.shift ?? "",
            preindex: measurement.preindex, epochs: estimates[.epochs], kilowattHours: kwh,
            kilogramsCO2eq: estimates[.kilogramsCO2eq], unestimatedReason: reason, advice: advice,
            adviceReason: adviceReason, evaluationCost: member.evaluationCost,
            placement: kwh.flatMap { Placement(kilowattHours: $0.value, nodes: nodes) }, scratch: member.scratchEstimate)
        actual = measurement.shift.flatMap { member.retrainCosts[$0] }
        accuracy = measurement.accuracy
        megaFLOPs = member.megaFLOPs
    }

    /// `type:level[@seed]` → type and level; a shift without `:` or a number is all type.
    private static func parse(shift: String) -> (type: String, level: Double?) {
        guard let colon = shift.firstIndex(of: ":") else { return (shift, nil) }
        let rest = shift[shift.index(after: colon)...]
        let number = rest.firstIndex(of: "@").map { rest[..<$0] } ?? rest
        return (String(shift[..<colon]), Double(number))
    }
}
