import Tensors

/// Layers applied one after another; backward runs them in reverse.
public struct Sequential: Layer {
    public var layers: [any Layer]

    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        var x = input
        var index = layers.startIndex
        while index < layers.endIndex {
            if let fused = try forwardFused(at: index, x, context: context) {
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
    private func forwardFused(at index: Int, _ x: Tensor, context: ForwardContext) throws(TensorError)
        -> (output: Tensor, layers: Int)?
    {
        guard context.mode == .inference, context.observer == nil, index + 1 < layers.count,
            let conv = layers[index] as? Conv2d, let batchNorm = layers[index + 1] as? BatchNorm2d
        else { return nil }
        let relu = index + 2 < layers.count && layers[index + 2] is ReLU
        return (try conv.forwardFused(x, batchNorm: batchNorm, relu: relu), relu ? 3 : 2)
    }

    public mutating func backward(_ gradOutput: Tensor) -> Tensor {
        var g = gradOutput
        for index in layers.indices.reversed() {
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
