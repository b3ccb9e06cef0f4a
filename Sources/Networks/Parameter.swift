import Tensors

/// A named tensor of a layer: a trainable weight with its gradient, or a buffer such as
/// BatchNorm's running mean that is saved with the model but not trained.
public struct Parameter: Sendable {
    /// The `state_dict` key, e.g. `layer1.0.bn1.running_var`.
    public let name: String
    /// The current value.
    public var value: Tensor
    /// The accumulated gradient (same shape as `value`); empty for buffers.
    public var gradient: Tensor
    /// Whether optimisers update it.
    public let isTrainable: Bool

    /// A trainable parameter with a zero gradient.
    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor(zeros: value.shape)
        self.isTrainable = true
    }

    /// A buffer: saved and loaded, never trained.
    public init(buffer name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor(zeros: [0])
        self.isTrainable = false
    }

    /// Adds `delta` to the gradient elementwise.
    mutating func accumulateGradient(_ delta: Tensor) {
        precondition(delta.shape == gradient.shape, "gradient \(delta.shape) for \(name) \(gradient.shape)")
        gradient.withUnsafeMutableBufferPointer { g in
            delta.withUnsafeBufferPointer { d in
                for i in 0..<g.count { g[i] += d[i] }
            }
        }
    }
}
