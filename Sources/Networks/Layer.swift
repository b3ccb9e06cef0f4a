import Tensors

/// One step of a network: a forward pass, its backward pass, and its parameters.
///
/// Layers are value types. In ``ForwardContext/Mode/training`` mode, `forward` keeps what
/// `backward` needs (its input, a mask); `backward` must follow the matching `forward` and
/// *adds* to the gradients of the layer's parameters, like PyTorch's `.grad` accumulation.
public protocol Layer: Sendable {
    /// The layer's output for `input` (NCHW for images, `[N, features]` after flattening).
    ///
    /// - Throws: ``TensorError`` when `input`'s shape does not fit the layer.
    mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor

    /// The gradient with respect to the last `forward` input, given the gradient of its output.
    mutating func backward(_ gradOutput: Tensor) -> Tensor

    /// Calls `body` on each parameter and buffer, in `state_dict` order.
    mutating func visitParameters(_ body: (inout Parameter) -> Void)

    /// The output shape for an input of `shape`, without computing anything.
    func outputShape(for shape: Shape) throws(TensorError) -> Shape

    /// Multiply-adds of one forward pass for an input of `shape` (convolutions and matrix products only).
    func multiplyAdds(for shape: Shape) throws(TensorError) -> Int
}

extension Layer {
    public mutating func visitParameters(_ body: (inout Parameter) -> Void) {}
    public func multiplyAdds(for shape: Shape) throws(TensorError) -> Int { 0 }
}

/// How a forward pass runs and who watches it.
public struct ForwardContext {
    /// Whether the pass trains (batch statistics, dropout, caches for backward) or infers.
    public enum Mode: Sendable, Hashable {
        case training, inference
    }

    /// How a training pass folds its batch statistics into BatchNorm's running statistics.
    public enum RunningStatistics: Sendable, Hashable {
        /// An exponential moving average with the layer's momentum (PyTorch's default): what training uses.
        case momentum
        /// The cumulative average over a sequence of batches, this pass being batch `batch` (from 1):
        /// `running += (batch statistic − running) / batch`, so batch 1 replaces the old statistics and
        /// after `k` batches they are exactly the mean of the `k` batches' statistics (PyTorch's
        /// `momentum=None`, "precise BatchNorm"). For re-estimating statistics after training.
        case cumulative(batch: Int)
    }

    public var mode: Mode
    /// Called with each Conv2d and Linear output (before BatchNorm and activation) and the layer's name.
    public var observer: ((_ layer: String, _ output: Tensor) -> Void)?
    /// How a training pass updates BatchNorm's running statistics; ignored in inference.
    public var runningStatistics: RunningStatistics

    public init(
        mode: Mode, runningStatistics: RunningStatistics = .momentum,
        observer: ((_ layer: String, _ output: Tensor) -> Void)? = nil
    ) {
        self.mode = mode
        self.runningStatistics = runningStatistics
        self.observer = observer
    }

    public static var training: ForwardContext { ForwardContext(mode: .training) }
    public static var inference: ForwardContext { ForwardContext(mode: .inference) }

    var isTraining: Bool { mode == .training }
}
