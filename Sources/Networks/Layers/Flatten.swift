import Tensors

/// `[N, C, H, W]` → `[N, C·H·W]`, in NCHW order (PyTorch `torch.flatten(x, 1)`).
public struct Flatten: Layer {
    private var inputShape: Shape?

    public init() {}

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        inputShape = input.shape
        return input.flattenedItems
    }

    public mutating func backward(_ gradOutput: Tensor) -> Tensor {
        guard let inputShape else { preconditionFailure("Flatten: backward without forward") }
        do { return try gradOutput.reshaped(inputShape) } catch { preconditionFailure("\(error)") }
    }

    public func outputShape(for shape: Shape) throws(TensorError) -> Shape {
        guard shape.rank >= 1 else { throw TensorError(.invalidShape, "cannot flatten a scalar") }
        return [shape[0], shape.elementsPerItem]
    }
}
