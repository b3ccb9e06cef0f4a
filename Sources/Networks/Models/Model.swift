import Tensors

/// A network together with the architecture it was built from: what a model file holds.
///
/// `Model` is a value; copying one and training the copy leaves the original untouched.
public struct Model: Sendable {
    public let architecture: Architecture
    public var network: Sequential

    /// A freshly initialised model; weights are a pure function of `seed`.
    ///
    /// - Throws: ``ModelError/Code/invalidArchitecture`` when the architecture cannot fit its input.
    public init(_ architecture: Architecture, seed: UInt64 = 0) throws(ModelError) {
        try architecture.validate()
        self.architecture = architecture
        network = architecture.makeNetwork(seed: seed)
    }

    /// Logits `[N, classes]` for a batch of images `[N, C, H, W]`.
    ///
    /// - Throws: ``ModelError/Code/invalidInput`` when the batch has the wrong shape or holds NaN/∞.
    public mutating func forward(_ images: Tensor, context: ForwardContext = .inference) throws(ModelError) -> Tensor {
        try forward(images, layers: network.layers.indices, context: context)
    }

    /// Back-propagates `gradLogits` through the last training forward pass, accumulating gradients.
    public mutating func backward(_ gradLogits: Tensor) {
        _ = backward(gradLogits, layers: network.layers.indices)
    }

    /// Checks that `images` is `[N, C, H, W]` for this architecture, with finite values.
    public func checkInput(_ images: Tensor) throws(ModelError) {
        let expected = architecture.inputShape(batch: images.shape.rank == 4 ? images.shape[0] : 0)
        guard images.shape == expected, images.shape[0] > 0 else {
            throw ModelError(
                .invalidInput,
                "input batch has shape \(images.shape), but this \(architecture.name.rawValue) expects "
                    + "[batch, \(architecture.inputChannels), \(architecture.inputHeight), \(architecture.inputWidth)]")
        }
        do { try images.checkFinite("input batch") } catch { throw ModelError(.invalidInput, error.message) }
    }

    /// Calls `body` on every parameter and buffer in `state_dict` order.
    public mutating func visitParameters(_ body: (inout Parameter) -> Void) {
        network.visitParameters(body)
    }

    /// Every parameter and buffer in `state_dict` order.
    public var parameters: [Parameter] {
        var copy = self
        var result: [Parameter] = []
        copy.visitParameters { result.append($0) }
        return result
    }

    /// The number of trainable scalars.
    public var trainableParameterCount: Int {
        parameters.filter(\.isTrainable).reduce(0) { $0 + $1.value.count }
    }

    /// Multiply-adds of one forward pass over `batch` images (convolutions and linear layers).
    public func multiplyAdds(batch: Int = 1) -> Int {
        (try? network.multiplyAdds(for: architecture.inputShape(batch: batch))) ?? 0
    }

    /// Millions of floating-point operations of one image's forward pass (2 × multiply-adds): what a network (or
    /// one depth of a cooperative package) costs to run.
    public var megaFLOPs: Double { 2 * Double(multiplyAdds()) / 1e6 }

    /// Sets every trainable parameter's gradient to zero.
    public mutating func zeroGradients() {
        visitParameters { if $0.isTrainable { $0.gradient.setZero() } }
    }
}
