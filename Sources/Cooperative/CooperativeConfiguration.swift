import Networks

/// The choices of a cooperative run: who teaches whom, how strongly, and which sub-networks exist.
///
/// Every piece of our interpretation of the method is a field here, so that it can be brought in
/// line with the paper (arXiv 2312.08532) without changing code. It is stored in the package.
public struct CooperativeConfiguration: Codable, Hashable, Sendable {
    /// The Leader's architecture, when it differs from the Teammates' (a larger network); `nil`
    /// for the Teammates' architecture.
    public var leaderArchitecture: Architecture.Name?
    /// The depths (running residual blocks) of each Teammate's sub-networks, besides its full depth.
    /// `nil` for every depth from 1 to one below the full depth.
    public var teammateDepths: [Int]?
    /// The skip order of Teammate A and of Teammate B.
    public var skipOrders: [SkipOrder]
    /// How many sub-networks of each Teammate train on each batch, drawn at random (seeded); `nil`
    /// for all of them.
    public var subnetworksPerStep: Int?
    /// How those sub-networks are drawn; `nil` (packages written before the choice existed) draws
    /// them as ``SubnetworkDraw/uniform``.
    public var subnetworkDraw: SubnetworkDraw?
    /// The distillation temperature T > 0.
    public var temperature: Double
    /// The weight of each loss term.
    public var weights: CooperativeLossWeights
    /// The most training batches whose average BatchNorm statistics re-estimate each network's own
    /// after training (``CooperativePackage/recalibrateBatchNorm(on:)``): one forward pass each;
    /// 0 keeps the shared ones.
    public var recalibrationSteps: Int
    /// Seed of the weights (Leader `seed`, Teammates `seed + 1` and `seed + 2`) and of the draws.
    public var seed: UInt64
    /// The most a network's global gradient norm may be at a step (PyTorch's `clip_grad_norm_`),
    /// applied to the Leader and each Teammate after their losses are summed; `nil`: no clipping.
    /// A Teammate sums the gradients of several loss terms (its own, two distillations, its
    /// sub-networks'), which at a rate that suits one network alone can throw a deep net off course.
    public var gradientClipNorm: Double?

    /// A configuration; the defaults are those of `preindex train --cooperative`.
    public init(
        leaderArchitecture: Architecture.Name? = nil, teammateDepths: [Int]? = nil,
        skipOrders: [SkipOrder] = [.deepestFirst, .interleaved], subnetworksPerStep: Int? = nil,
        subnetworkDraw: SubnetworkDraw? = nil, temperature: Double = 4,
        weights: CooperativeLossWeights = CooperativeLossWeights(), recalibrationSteps: Int = 50,
        seed: UInt64 = 0, gradientClipNorm: Double? = nil
    ) {
        self.gradientClipNorm = gradientClipNorm
        self.recalibrationSteps = recalibrationSteps
        self.leaderArchitecture = leaderArchitecture
        self.teammateDepths = teammateDepths
        self.skipOrders = skipOrders
        self.subnetworksPerStep = subnetworksPerStep
        self.subnetworkDraw = subnetworkDraw
        self.temperature = temperature
        self.weights = weights
        self.seed = seed
    }

    /// The skip order of `teammate`.
    public func skipOrder(of teammate: Teammate) -> SkipOrder {
        skipOrders[teammate == .a ? 0 : 1]
    }

    /// The sub-network depths for Teammates of `architecture`, deepest first, without the full depth.
    public func subnetworkDepths(for architecture: Architecture) -> [Int] {
        let full = architecture.skippableBlockNames.count
        return Set(teammateDepths ?? Array(1..<max(full, 1))).filter { $0 < full }.sorted(by: >)
    }

    /// Throws when a value is out of range for Teammates of `architecture`.
    ///
    /// - Throws: ``CooperativeError/Code/unsupportedArchitecture`` when `architecture` has no
    ///   blocks to skip (mlp), ``CooperativeError/Code/invalidConfiguration`` for a depth outside
    ///   `0..<blocks`, a temperature or weight that is not a finite positive (weights: ≥ 0) number,
    ///   fewer or more than two skip orders, fewer than one sub-network per step, or a gradient norm
    ///   limit that is not a finite positive number.
    public func validate(for architecture: Architecture) throws(CooperativeError) {
        let blocks = architecture.skippableBlockNames.count
        guard blocks > 0 else {
            throw CooperativeError(
                .unsupportedArchitecture,
                "cooperative training needs an architecture with blocks to skip (resnet-mini, resnet18, cnn, vgg-mini): "
                    + "\(architecture.name.rawValue) has none")
        }
        if let bad = teammateDepths?.first(where: { !(0..<blocks).contains($0) }) {
            throw CooperativeError(
                .invalidConfiguration,
                "teammate depth \(bad) is not a sub-network of \(architecture.name.rawValue): "
                    + "depths run from 0 to \(blocks - 1) (\(blocks) is the full network)")
        }
        guard skipOrders.count == 2 else {
            throw CooperativeError(.invalidConfiguration, "give two skip orders, one per Teammate, got \(skipOrders.count)")
        }
        guard temperature.isFinite, temperature > 0 else {
            throw CooperativeError(.invalidConfiguration, "the distillation temperature must be > 0, got \(temperature)")
        }
        if let bad = weights.named.first(where: { !($0.value.isFinite && $0.value >= 0) }) {
            throw CooperativeError(.invalidConfiguration, "the \(bad.name) weight must be a number ≥ 0, got \(bad.value)")
        }
        guard recalibrationSteps >= 0 else {
            throw CooperativeError(.invalidConfiguration, "the BatchNorm recalibration steps must be ≥ 0, got \(recalibrationSteps)")
        }
        if let count = subnetworksPerStep, count < 1 {
            throw CooperativeError(.invalidConfiguration, "train at least 1 sub-network per step, got \(count)")
        }
        if let norm = gradientClipNorm, !(norm.isFinite && norm > 0) {
            throw CooperativeError(.invalidConfiguration, "the gradient norm limit must be a number > 0, got \(norm)")
        }
    }
}
