import Tensors

/// Layers applied one after another; backward runs them in reverse.
public struct Sequential: Layer {
    public var layers: [any Layer]

    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        var x = input
        for index in layers.indices {
            x = try layers[index].forward(x, context: context)
        }
        return x
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
