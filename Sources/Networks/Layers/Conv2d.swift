import Tensors

/// A 2-D convolution (PyTorch `nn.Conv2d`, square kernel, no dilation or groups).
///
/// Forward lowers to im2col + GEMM through ``Tensors/Convolution``; the output is reported to
/// the context's observer under ``name`` before anything else touches it.
public struct Conv2d: Layer {
    /// The layer's `state_dict` prefix, e.g. `layer1.0.conv1`.
    public let name: String
    public let convolution: Convolution
    public var weight: Parameter
    public var bias: Parameter?
    private var input: Tensor?

    /// A convolution with Kaiming-normal weights (fan-in, ReLU gain) drawn from `generator`.
    public init(
        _ name: String, _ inChannels: Int, _ outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
        bias: Bool = false, generator: inout SeededGenerator
    ) {
        self.name = name
        convolution = Convolution(
            inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride, padding: padding)
        let fanIn = inChannels * kernel * kernel
        weight = Parameter(
            name: name + ".weight",
            value: Initializer.kaimingNormal(convolution.weightShape, fanIn: fanIn, generator: &generator))
        self.bias = bias
            ? Parameter(name: name + ".bias", value: Initializer.uniform([outChannels], fanIn: fanIn, generator: &generator))
            : nil
    }

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        let output = try convolution.forward(input, weight: weight.value, bias: bias?.value)
        self.input = context.isTraining ? input : nil
        context.observer?(name, output)
        return output
    }

    /// Inference-mode `relu?(batchNorm(conv(input)))` in one pass over the output.
    ///
    /// Used by ``Sequential`` when nobody observes the convolution's own output.
    func forwardFused(_ input: Tensor, batchNorm: BatchNorm2d, relu: Bool) throws(TensorError) -> Tensor {
        var (scale, shift) = batchNorm.inferenceAffine()
        if let bias = bias?.value.scalars {
            for channel in shift.indices { shift[channel] += bias[channel] * scale[channel] }
        }
        return try convolution.forward(
            input, weight: weight.value, epilogue: .init(scale: scale, shift: shift, clampsAtZero: relu))
    }

    public mutating func backward(_ gradOutput: Tensor) -> Tensor {
        guard let input else { preconditionFailure("\(name): backward without a training forward") }
        let gradients = convolution.backward(input: input, weight: weight.value, gradOutput: gradOutput)
        weight.accumulateGradient(gradients.weight)
        bias?.accumulateGradient(gradients.bias)
        self.input = nil
        return gradients.input!
    }

    public mutating func visitParameters(_ body: (inout Parameter) -> Void) {
        body(&weight)
        if bias != nil { body(&bias!) }
    }

    public func outputShape(for shape: Shape) throws(TensorError) -> Shape {
        guard shape.rank == 4, shape[1] == convolution.inChannels else {
            throw TensorError(
                .shapeMismatch, "\(name) expects [batch, \(convolution.inChannels), height, width], got \(shape)")
        }
        let (h, w) = try convolution.outputSize(height: shape[2], width: shape[3])
        return [shape[0], convolution.outChannels, h, w]
    }

    public func multiplyAdds(for shape: Shape) throws(TensorError) -> Int {
        let out = try outputShape(for: shape)
        return out[0] * convolution.multiplyAdds(outHeight: out[2], outWidth: out[3])
    }
}
