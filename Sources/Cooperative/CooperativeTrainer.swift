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
///    at random as ``CooperativeConfiguration/subnetworkDraw`` says) learn from the labels and from
///    their own Teammate's full-depth logits. A sub-network is its Teammate with blocks skipped, so
///    its gradients add to the Teammate's;
/// 4. one optimiser step per network (Leader, A, B), each with its own optimiser state, after
///    clipping each network's gradient norm when ``CooperativeConfiguration/gradientClipNorm`` is set.
///
/// Shared prefix: a sub-network computes exactly its Teammate's activations up to its first
/// skipped block, its branch point (`Model.branchPoint(skipping:)`). So each Teammate runs one
/// full forward pass that keeps the activation entering every branch point of the drawn
/// sub-networks; its backward pass then walks down the layers, and at each branch point (deepest
/// first) the sub-networks branching there run only their suffix forward and backward from the
/// kept activation and add their gradient at the branch point to the Teammate's, which goes on
/// down. The shared prefix is back-propagated once with the sum: the gradients are those of
/// separate full passes per sub-network (up to float rounding) for a fraction of the work.
/// BatchNorm running statistics in the prefix now see one update per step instead of one per
/// sub-network; they are re-estimated after training anyway
/// (``CooperativePackage/recalibrateBatchNorm(on:)``).
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
    private let subnetworkDraw: SubnetworkDraw
    private let gradientClipNorm: Double?
    private var generator: SeededGenerator

    /// A trainer for packages made with `configuration`; `optimizer` is copied for each network.
    public init(configuration: CooperativeConfiguration, optimizer: O, schedule: LearningRateSchedule = .constant) {
        optimizers = [optimizer, optimizer, optimizer]
        self.schedule = schedule
        baseLearningRate = optimizer.learningRate
        weights = configuration.weights
        distillation = DistillationLoss(temperature: configuration.temperature)
        subnetworksPerStep = configuration.subnetworksPerStep
        subnetworkDraw = configuration.subnetworkDraw ?? .uniform
        gradientClipNorm = configuration.gradientClipNorm
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
        let losses = try accumulateGradients(&package, batch: batch)
        if let gradientClipNorm {
            package.leader.clipGradientNorm(to: gradientClipNorm)
            package.teammateA.clipGradientNorm(to: gradientClipNorm)
            package.teammateB.clipGradientNorm(to: gradientClipNorm)
        }
        package.leader.step(with: &optimizers[0])
        package.teammateA.step(with: &optimizers[1])
        package.teammateB.step(with: &optimizers[2])
        return losses
    }

    /// Parts 1–3 of ``step(_:batch:)``: adds every member's gradients on `batch` to the networks'
    /// parameter gradients, without an optimiser step.
    ///
    /// - Returns: Each trained member's cross-entropy on the batch.
    /// - Throws: ``CooperativeError/Code/training`` as ``step(_:batch:)`` does.
    package mutating func accumulateGradients(_ package: inout CooperativePackage, batch: LabelledBatch)
        throws(CooperativeError) -> [CooperativeMember: Double]
    {
        var losses: [CooperativeMember: Double] = [:]
        let labels = batch.labels
        // 1. Leader.
        let leaderLogits = try forward(&package.leader, batch.images, member: .leader)
        let leaderLoss = crossEntropy(logits: leaderLogits, labels: labels)
        losses[.leader] = try finite(leaderLoss.loss, .leader)
        package.leader.backward(scaled(leaderLoss.gradient, weights.crossEntropy))
        // 2. Teammates: forward both first, each is the other's teacher, keeping the activations
        // where their drawn sub-networks branch off.
        let full = package.teammateArchitecture.depth
        let subnetworks = Array(package.depths.dropFirst())
        var branches: [Teammate: [Branch]] = [:]
        var passes: [Teammate: (logits: Tensor, inputs: [Int: Tensor])] = [:]
        for teammate in Teammate.allCases {
            let depths = subnetworkDraw.draw(
                subnetworksPerStep ?? subnetworks.count, of: subnetworks, fullDepth: full, using: &generator)
            branches[teammate] = depths.map { depth in
                let skipped = package.skippedBlocks(teammate, depth: depth)
                let point = package[teammate].branchPoint(skipping: skipped)
                return Branch(depth: depth, skippedBlocks: skipped, layer: point)
            }
            let member = CooperativeMember.teammate(teammate, depth: full)
            do {
                passes[teammate] = try package[teammate].forward(
                    batch.images, context: .training, keepingInputsOf: Set(branches[teammate]!.map(\.layer)))
            } catch {
                throw CooperativeError(.training, "\(member): \(error.message)")
            }
        }
        for teammate in Teammate.allCases {
            let member = CooperativeMember.teammate(teammate, depth: full)
            let other: Teammate = teammate == .a ? .b : .a
            let logits = passes[teammate]!.logits
            let ce = crossEntropy(logits: logits, labels: labels)
            losses[member] = try finite(ce.loss, member)
            var gradient = scaled(ce.gradient, weights.crossEntropy)
            add(&gradient, distillation(student: logits, teacher: leaderLogits).gradient, weights.leaderDistillation)
            let mutual = distillation(student: logits, teacher: passes[other]!.logits)
            add(&gradient, mutual.gradient, weights.mutualDistillation)
            // 3. Down the layers; at each branch point its sub-networks add their gradient.
            var end = package[teammate].layerCount
            for point in Set(branches[teammate]!.map(\.layer)).sorted(by: >) {
                gradient = package[teammate].backward(gradient, layers: point..<end)
                for branch in branches[teammate]! where branch.layer == point {
                    let branchGradient = try trainSuffix(
                        branch, of: teammate, from: passes[teammate]!.inputs[point]!, teacher: logits, labels: labels,
                        package: &package, losses: &losses)
                    gradient.add(branchGradient)
                }
                end = point
            }
            _ = package[teammate].backward(gradient, layers: 0..<end)
        }
        return losses
    }

    /// A drawn sub-network and the layer where it leaves its Teammate's path.
    private struct Branch {
        var depth: Int
        var skippedBlocks: [String]
        var layer: Int
    }

    /// Runs `branch`'s layers from its branch point forward (from `input`, what enters it) and
    /// backward with its own loss; returns the gradient at the branch point.
    private func trainSuffix(
        _ branch: Branch, of teammate: Teammate, from input: Tensor, teacher: Tensor, labels: [Int],
        package: inout CooperativePackage, losses: inout [CooperativeMember: Double]
    ) throws(CooperativeError) -> Tensor {
        let member = CooperativeMember.teammate(teammate, depth: branch.depth)
        let suffix = branch.layer..<package[teammate].layerCount
        package[teammate].network.skipBlocks(named: Set(branch.skippedBlocks))
        defer { package[teammate].network.skipBlocks(named: []) }
        let logits: Tensor
        do {
            logits = try package[teammate].forward(input, layers: suffix, context: .training)
        } catch {
            throw CooperativeError(.training, "\(member): \(error.message)")
        }
        let ce = crossEntropy(logits: logits, labels: labels)
        losses[member] = try finite(ce.loss, member)
        var gradient = scaled(ce.gradient, weights.crossEntropy)
        add(&gradient, distillation(student: logits, teacher: teacher).gradient, weights.teammateDistillation)
        return package[teammate].backward(gradient, layers: suffix)
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
