import Logging
import Networks
import Tensors

/// Trains a ``CooperativePackage``: one step per minibatch updates the Leader, both Teammates and
/// their sub-networks together.
///
/// One step, with the weights of ``CooperativeLossWeights`` and `KD` the ``DistillationLoss`` at
/// the configured temperature (teachers' logits are constants):
/// 1. the Leader learns from the labels (cross-entropy);
/// 2. each Teammate learns from the labels, from the Leader and from the other Teammate;
/// 3. each Teammate's sub-networks (all, or ``CooperativeConfiguration/subnetworksPerStep`` drawn
///    at random) learn from the labels and from their own Teammate's full-depth logits. A
///    sub-network is its Teammate with blocks skipped, so its gradients add to the Teammate's;
/// 4. one optimiser step per network (Leader, A, B), each with its own optimiser state.
public struct CooperativeTrainer<O: Optimizer>: Sendable {
    /// The optimisers of the Leader, Teammate A and Teammate B.
    public private(set) var optimizers: [O]
    /// The learning rate over the epochs.
    public var schedule: LearningRateSchedule
    public let baseLearningRate: Float
    private let weights: CooperativeLossWeights
    private let distillation: DistillationLoss
    private let crossEntropy = CrossEntropyLoss()
    private let subnetworksPerStep: Int?
    private var generator: SeededGenerator

    /// A trainer for packages made with `configuration`; `optimizer` is copied for each network.
    public init(configuration: CooperativeConfiguration, optimizer: O, schedule: LearningRateSchedule = .constant) {
        optimizers = [optimizer, optimizer, optimizer]
        self.schedule = schedule
        baseLearningRate = optimizer.learningRate
        weights = configuration.weights
        distillation = DistillationLoss(temperature: configuration.temperature)
        subnetworksPerStep = configuration.subnetworksPerStep
        generator = SeededGenerator(seed: configuration.seed, stream: 0xC009)
    }

    /// One training step of every member on `batch`.
    ///
    /// - Returns: Each trained member's cross-entropy on the batch (before the step).
    /// - Throws: ``CooperativeError/Code/training`` when the batch does not fit the networks or a
    ///   loss is not finite.
    public mutating func step(_ package: inout CooperativePackage, batch: LabelledBatch) throws(CooperativeError)
        -> [CooperativeMember: Double]
    {
        var losses: [CooperativeMember: Double] = [:]
        let labels = batch.labels
        // 1. Leader.
        let leaderLogits = try forward(&package.leader, batch.images, member: .leader)
        let leaderLoss = crossEntropy(logits: leaderLogits, labels: labels)
        losses[.leader] = try finite(leaderLoss.loss, .leader)
        package.leader.backward(scaled(leaderLoss.gradient, weights.crossEntropy))
        // 2. Teammates: forward both first, each is the other's teacher.
        let full = package.teammateArchitecture.depth
        var logits: [Teammate: Tensor] = [:]
        for teammate in Teammate.allCases {
            logits[teammate] = try forward(&package[teammate], batch.images, member: .teammate(teammate, depth: full))
        }
        for teammate in Teammate.allCases {
            let member = CooperativeMember.teammate(teammate, depth: full)
            let other: Teammate = teammate == .a ? .b : .a
            let ce = crossEntropy(logits: logits[teammate]!, labels: labels)
            losses[member] = try finite(ce.loss, member)
            var gradient = scaled(ce.gradient, weights.crossEntropy)
            add(&gradient, distillation(student: logits[teammate]!, teacher: leaderLogits).gradient, weights.leaderDistillation)
            add(&gradient, distillation(student: logits[teammate]!, teacher: logits[other]!).gradient, weights.mutualDistillation)
            package[teammate].backward(gradient)
        }
        // 3. Sub-networks, sharing their Teammate's weights.
        for teammate in Teammate.allCases {
            for depth in drawDepths(package.depths.dropFirst()) {
                let member = CooperativeMember.teammate(teammate, depth: depth)
                package[teammate].network.skipBlocks(named: Set(package.skippedBlocks(teammate, depth: depth)))
                defer { package[teammate].network.skipBlocks(named: []) }
                let subLogits = try forward(&package[teammate], batch.images, member: member)
                let ce = crossEntropy(logits: subLogits, labels: labels)
                losses[member] = try finite(ce.loss, member)
                var gradient = scaled(ce.gradient, weights.crossEntropy)
                add(&gradient, distillation(student: subLogits, teacher: logits[teammate]!).gradient, weights.teammateDistillation)
                package[teammate].backward(gradient)
            }
        }
        // 4. One optimiser step per network.
        package.leader.step(with: &optimizers[0])
        package.teammateA.step(with: &optimizers[1])
        package.teammateB.step(with: &optimizers[2])
        return losses
    }

    /// One pass over `batches` at the rate the schedule gives `epoch`.
    ///
    /// - Returns: Each member's mean cross-entropy over the epoch (over the batches it trained on).
    /// - Throws: ``CooperativeError/Code/training`` as ``step(_:batch:)`` does.
    public mutating func trainEpoch(
        _ package: inout CooperativePackage, epoch: Int, batches: some Sequence<LabelledBatch>, logger: Logger
    ) throws(CooperativeError) -> [CooperativeMember: Double] {
        let rate = schedule.rate(epoch: epoch, base: baseLearningRate)
        for index in optimizers.indices { optimizers[index].learningRate = rate }
        package.leader.zeroGradients()
        package.teammateA.zeroGradients()
        package.teammateB.zeroGradients()
        var sums: [CooperativeMember: (loss: Double, samples: Int)] = [:]
        for batch in batches {
            for (member, loss) in try step(&package, batch: batch) {
                let sum = sums[member] ?? (0, 0)
                sums[member] = (sum.loss + loss * Double(batch.labels.count), sum.samples + batch.labels.count)
            }
        }
        let means = sums.mapValues { $0.loss / Double(max($0.samples, 1)) }
        logger.debug(
            "cooperative epoch finished",
            metadata: [
                "epoch.index": "\(epoch)", "learning_rate": "\(rate)",
                "loss.leader": "\(means[.leader] ?? .nan)",
            ])
        return means
    }

    private mutating func drawDepths(_ depths: ArraySlice<Int>) -> [Int] {
        guard let count = subnetworksPerStep, count < depths.count else { return Array(depths) }
        let order = generator.permutation(of: depths.count)
        return order.prefix(count).sorted().map { depths[depths.startIndex + $0] }
    }

    private func forward(_ model: inout Model, _ images: Tensor, member: CooperativeMember) throws(CooperativeError)
        -> Tensor
    {
        do {
            return try model.forward(images, context: .training)
        } catch {
            throw CooperativeError(.training, "\(member): \(error.message)")
        }
    }

    private func finite(_ loss: Double, _ member: CooperativeMember) throws(CooperativeError) -> Double {
        guard loss.isFinite else {
            throw CooperativeError(.training, "training diverged: the loss of \(member) is \(loss); lower the learning rate")
        }
        return loss
    }

    private func scaled(_ tensor: Tensor, _ weight: Double) -> Tensor {
        var copy = tensor
        if weight != 1 { copy.scale(by: Float(weight)) }
        return copy
    }

    private func add(_ sum: inout Tensor, _ term: Tensor, _ weight: Double) {
        guard weight != 0 else { return }
        sum.add(scaled(term, weight))
    }
}
