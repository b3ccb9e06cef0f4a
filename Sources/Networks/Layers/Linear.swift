import Tensors

/// A fully connected layer, `y = x · Wᵀ + b` (PyTorch `nn.Linear`; weight `[out, in]`).
public struct Linear: Layer {
    /// The layer's `state_dict` prefix, e.g. `linear`.
    public let name: String
    public var weight: Parameter
    public var bias: Parameter
    private var input: Tensor?

    /// A layer with PyTorch's default initialisation, U(±1/√in), drawn from `generator`.
    public init(_ name: String, _ inFeatures: Int, _ outFeatures: Int, generator: inout SeededGenerator) {
        self.name = name
        weight = Parameter(
            name: name + ".weight",
            value: Initializer.uniform([outFeatures, inFeatures], fanIn: inFeatures, generator: &generator))
        bias = Parameter(
            name: name + ".bias", value: Initializer.uniform([outFeatures], fanIn: inFeatures, generator: &generator))
    }

    public var inFeatures: Int { weight.value.shape[1] }
    public var outFeatures: Int { weight.value.shape[0] }

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        _ = try outputShape(for: input.shape)
        var output = try Tensor.matmul(input, weight.value, transposeB: true)
        output.addRowVector(bias.value)
        self.input = context.isTraining ? input : nil
        context.observer?(name, output)
        return output
    }

    public mutating func backward(_ gradOutput: Tensor) -> Tensor {
        guard let input else { preconditionFailure("\(name): backward without a training forward") }
        do {
            weight.accumulateGradient(try Tensor.matmul(gradOutput, input, transposeA: true))
            bias.accumulateGradient(gradOutput.columnSums())
            self.input = nil
            return try Tensor.matmul(gradOutput, weight.value)
        } catch {
            preconditionFailure("\(name): \(error)")
        }
    }

    public mutating func visitParameters(_ body: (inout Parameter) -> Void) {
        body(&weight)
        body(&bias)
    }

    public func outputShape(for shape: Shape) throws(TensorError) -> Shape {
        guard shape.rank == 2, shape[1] == inFeatures else {
            throw TensorError(.shapeMismatch, "\(name) expects [batch, \(inFeatures)], got \(shape)")
        }
        return [shape[0], outFeatures]
    }

    public func multiplyAdds(for shape: Shape) throws(TensorError) -> Int {
        shape[0] * inFeatures * outFeatures
    }
}
