import Tensors

/// Layers applied one after another; backward runs them in reverse.
public struct Sequential: Layer {
    public var layers: [any Layer]

    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        try forward(input, layers: layers.indices, context: context)
    }

    /// Runs only the layers at `range`, `input` being what enters `layers[range.lowerBound]`.
    ///
    /// Consecutive ranges chain into the whole pass: the forward of `0..<k` then of `k..<n` is the
    /// forward of `0..<n`, and likewise for ``backward(_:layers:)`` in reverse. So a pass can stop
    /// at a layer, keep the activation there, and resume from it later.
    ///
    /// - Precondition: `range` lies within `layers.indices`.
    public mutating func forward(_ input: Tensor, layers range: Range<Int>, context: ForwardContext) throws(TensorError)
        -> Tensor
    {
        precondition(range.clamped(to: layers.indices) == range, "layers \(range) outside 0..<\(layers.count)")
        var x = input
        var index = range.lowerBound
        while index < range.upperBound {
            if let fused = try forwardFused(at: index, before: range.upperBound, x, context: context) {
                x = fused.output
                index += fused.layers
            } else {
                x = try layers[index].forward(x, context: context)
                index += 1
            }
        }
        return x
    }

    /// Inference with nobody observing: Conv2d → BatchNorm2d (→ ReLU) run as one convolution
    /// with a folded epilogue, saving two passes over the activations.
    private func forwardFused(at index: Int, before end: Int, _ x: Tensor, context: ForwardContext) throws(TensorError)
        -> (output: Tensor, layers: Int)?
    {
        guard context.mode == .inference, context.observer == nil, index + 1 < end,
            let conv = layers[index] as? Conv2d, let batchNorm = layers[index + 1] as? BatchNorm2d
        else { return nil }
        let relu = index + 2 < end && layers[index + 2] is ReLU
        return (try conv.forwardFused(x, batchNorm: batchNorm, relu: relu), relu ? 3 : 2)
    }

    public mutating func backward(_ gradOutput: Tensor) -> Tensor {
        backward(gradOutput, layers: layers.indices)
    }

    /// Back-propagates `gradOutput` (the gradient of `layers[range]`'s output) through the layers
    /// at `range` only, after their forward (see ``forward(_:layers:context:)``); returns the
    /// gradient of what entered `layers[range.lowerBound]`.
    ///
    /// - Precondition: `range` lies within `layers.indices`.
    public mutating func backward(_ gradOutput: Tensor, layers range: Range<Int>) -> Tensor {
        precondition(range.clamped(to: layers.indices) == range, "layers \(range) outside 0..<\(layers.count)")
        var g = gradOutput
        for index in range.reversed() {
            g = layers[index].backward(g)
        }
        return g
    }

    public mutating func visitParameters(_ body: (inout Parameter) -> Void) {
        for index in layers.indices {
            layers[index].visitParameters(body)
        }
    }

    public func outputShape(for shape: Shape) throws(TensorError) -> Shape {
        var shape = shape
        for layer in layers { shape = try layer.outputShape(for: shape) }
        return shape
    }

    public func multiplyAdds(for shape: Shape) throws(TensorError) -> Int {
        var shape = shape
        var total = 0
        for layer in layers {
            total += try layer.multiplyAdds(for: shape)
            shape = try layer.outputShape(for: shape)
        }
        return total
    }
}
