import Dispatch
import Logging
import Tensors

/// A batch of images `[B, C, H, W]` with one label per image.
public struct LabelledBatch: Sendable {
    public var images: Tensor
    public var labels: [Int]

    public init(images: Tensor, labels: [Int]) {
        self.images = images
        self.labels = labels
    }
}

/// Where training stands after a batch, for progress bars.
public struct BatchProgress: Sendable {
    public var epoch: Int
    /// 1-based index of the batch just finished.
    public var batch: Int
    /// Batches in the epoch, when known.
    public var batchCount: Int?
    /// Mean loss and accuracy over the epoch so far.
    public var loss: Double
    public var accuracy: Double
    public var imagesPerSecond: Double
}

/// Loss and accuracy over one pass of a data set.
public struct EpochMetrics: Sendable, Hashable, Codable {
    public var epoch: Int
    public var loss: Double
    public var accuracy: Double
    public var samples: Int
    public var seconds: Double
    public var learningRate: Float
    /// Accuracy on held-out data after the epoch, when evaluated.
    public var testAccuracy: Double?
    /// The mean over the epoch's batches of the global L2 norm of the gradient (all trainable
    /// parameters together, before the optimiser step); `nil` for evaluations.
    public var gradientNorm: Double?

    public var imagesPerSecond: Double { seconds > 0 ? Double(samples) / seconds : 0 }
}

/// Runs epochs of minibatch training: forward, cross-entropy, backward, optimiser step.
public struct Trainer<O: Optimizer>: Sendable {
    public var optimizer: O
    public var schedule: LearningRateSchedule
    public let baseLearningRate: Float
    public let loss = CrossEntropyLoss()

    public init(optimizer: O, schedule: LearningRateSchedule = .constant) {
        self.optimizer = optimizer
        self.schedule = schedule
        baseLearningRate = optimizer.learningRate
    }

    /// Trains `model` on every batch of `batches` once, at the rate the schedule gives `epoch`.
    ///
    /// - Throws: ``ModelError`` when a batch does not fit the model or holds NaN.
    public mutating func trainEpoch(
        _ model: inout Model, epoch: Int, batches: some Sequence<LabelledBatch>, batchCount: Int? = nil,
        logger: Logger, onBatch: (BatchProgress) -> Void = { _ in }
    ) throws(ModelError) -> EpochMetrics {
        optimizer.learningRate = schedule.rate(epoch: epoch, base: baseLearningRate)
        var tally = Tally()
        model.zeroGradients()
        for (index, batch) in batches.enumerated() {
            let logits = try model.forward(batch.images, context: .training)
            let result = loss(logits: logits, labels: batch.labels)
            guard result.loss.isFinite else {
                throw ModelError(.invalidInput, "training diverged: loss is \(result.loss) at epoch \(epoch + 1), batch \(index + 1); lower the learning rate")
            }
            model.backward(result.gradient)
            tally.gradientNormSum += model.gradientNorm()
            model.step(with: &optimizer)
            tally.add(loss: result.loss, correct: result.correct, count: batch.labels.count)
            onBatch(tally.progress(epoch: epoch, batch: index + 1, batchCount: batchCount))
        }
        var metrics = tally.metrics(epoch: epoch, learningRate: optimizer.learningRate)
        metrics.gradientNorm = tally.batches > 0 ? tally.gradientNormSum / Double(tally.batches) : 0
        logger.debug(
            "epoch finished",
            metadata: [
                "epoch.index": "\(epoch)", "loss": "\(metrics.loss)", "accuracy": "\(metrics.accuracy)",
                "images_per_second": "\(metrics.imagesPerSecond)", "learning_rate": "\(metrics.learningRate)",
            ])
        return metrics
    }
}

extension Model {
    /// The L2 norm of all trainable parameters' gradients together, accumulated in `Double`.
    public func gradientNorm() -> Double {
        parameters.filter(\.isTrainable).reduce(0.0) { total, parameter in
            parameter.gradient.withUnsafeBufferPointer { g in g.reduce(total) { $0 + Double($1) * Double($1) } }
        }.squareRoot()
    }

    /// Loss and accuracy of the model in inference mode over `batches`.
    public mutating func evaluate(_ batches: some Sequence<LabelledBatch>) throws(ModelError) -> EpochMetrics {
        var tally = Tally()
        let loss = CrossEntropyLoss()
        for batch in batches {
            let logits = try forward(batch.images, context: .inference)
            let result = loss(logits: logits, labels: batch.labels)
            tally.add(loss: result.loss, correct: result.correct, count: batch.labels.count)
        }
        return tally.metrics(epoch: 0, learningRate: 0)
    }
}

/// Running sums over an epoch, shared by training and evaluation.
private struct Tally {
    var lossSum = 0.0
    var correct = 0
    var samples = 0
    var batches = 0
    var gradientNormSum = 0.0
    let start = DispatchTime.now().uptimeNanoseconds

    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    mutating func add(loss: Double, correct: Int, count: Int) {
        lossSum += loss * Double(count)
        self.correct += correct
        samples += count
        batches += 1
    }

    func progress(epoch: Int, batch: Int, batchCount: Int?) -> BatchProgress {
        BatchProgress(
            epoch: epoch, batch: batch, batchCount: batchCount, loss: lossSum / Double(max(samples, 1)),
            accuracy: Double(correct) / Double(max(samples, 1)), imagesPerSecond: Double(samples) / max(seconds, 1e-9))
    }

    func metrics(epoch: Int, learningRate: Float) -> EpochMetrics {
        EpochMetrics(
            epoch: epoch, loss: lossSum / Double(max(samples, 1)), accuracy: Double(correct) / Double(max(samples, 1)),
            samples: samples, seconds: seconds, learningRate: learningRate)
    }
}
