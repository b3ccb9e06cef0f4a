import Tensors

/// `max(0, x)` elementwise. Keeps its output in training mode: the gradient passes where it is positive.
public struct ReLU: Layer {
    private var output: Tensor?

    public init() {}

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        var output = input
        output.withUnsafeMutableBufferPointer { y in
            for i in 0..<y.count { y[i] = max(y[i], 0) }
        }
        self.output = context.isTraining ? output : nil
        return output
    }

    public mutating func backward(_ gradOutput: Tensor) -> Tensor {
        guard let output else { preconditionFailure("ReLU: backward without a training forward") }
        // One pass: read the gradient and the output, write the masked gradient.
        let gradInput = Tensor(shape: gradOutput.shape) { result in
            gradOutput.withUnsafeBufferPointer { g in
                output.withUnsafeBufferPointer { y in
                    for i in 0..<g.count { result[i] = y[i] > 0 ? g[i] : 0 }
                }
            }
        }
        self.output = nil
        return gradInput
    }

    public func outputShape(for shape: Shape) throws(TensorError) -> Shape { shape }
}
