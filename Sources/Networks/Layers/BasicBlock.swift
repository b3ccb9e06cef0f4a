import Tensors

/// The residual block of ResNet-18/34: `relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))`.
///
/// The shortcut is a 1×1 strided convolution with BatchNorm when the block changes resolution
/// or width (`shortcut.0`, `shortcut.1` as in the usual PyTorch CIFAR ResNet), else the identity.
///
/// A *skipped* block (``isSkipped``) drops its residual branch: its output is `relu(shortcut(x))`,
/// the identity (its input is already a ReLU output) or the 1×1 projection when it downsamples. So
/// any set of blocks can be skipped and the network's shapes stay valid; a skipped block's residual
/// parameters are neither used nor listed by ``visitParameters(_:)``.
public struct BasicBlock: Layer {
    public let name: String
    public var residual: Sequential
    public var shortcut: Sequential?
    /// Whether the residual branch is dropped (see the type's discussion); set through
    /// ``Architecture/skippedBlocks`` or ``Sequential/skipBlocks(named:)``.
    public var isSkipped = false
    private var activation = ReLU()

    /// A block named `name` (e.g. `layer2.0`) from `inChannels` to `outChannels` with `stride`.
    public init(_ name: String, _ inChannels: Int, _ outChannels: Int, stride: Int, generator: inout SeededGenerator) {
        self.name = name
        residual = Sequential([
            Conv2d(name + ".conv1", inChannels, outChannels, kernel: 3, stride: stride, padding: 1, generator: &generator),
            BatchNorm2d(name + ".bn1", outChannels),
            ReLU(),
            Conv2d(name + ".conv2", outChannels, outChannels, kernel: 3, padding: 1, generator: &generator),
            BatchNorm2d(name + ".bn2", outChannels),
        ])
        if stride != 1 || inChannels != outChannels {
            shortcut = Sequential([
                Conv2d(name + ".shortcut.0", inChannels, outChannels, kernel: 1, stride: stride, generator: &generator),
                BatchNorm2d(name + ".shortcut.1", outChannels),
            ])
        }
    }

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        guard !isSkipped else {
            return try activation.forward(try shortcut?.forward(input, context: context) ?? input, context: context)
        }
        var sum = try residual.forward(input, context: context)
        sum.add(try shortcut?.forward(input, context: context) ?? input)
        return try activation.forward(sum, context: context)
    }

    public mutating func backward(_ gradOutput: Tensor) -> Tensor {
        let gradSum = activation.backward(gradOutput)
        guard !isSkipped else { return shortcut?.backward(gradSum) ?? gradSum }
        var gradInput = residual.backward(gradSum)
        gradInput.add(shortcut?.backward(gradSum) ?? gradSum)
        return gradInput
    }

    public mutating func visitParameters(_ body: (inout Parameter) -> Void) {
        if !isSkipped { residual.visitParameters(body) }
        shortcut?.visitParameters(body)
    }

    public func outputShape(for shape: Shape) throws(TensorError) -> Shape {
        if isSkipped { return try shortcut?.outputShape(for: shape) ?? shape }
        return try residual.outputShape(for: shape)
    }

    public func multiplyAdds(for shape: Shape) throws(TensorError) -> Int {
        try (isSkipped ? 0 : residual.multiplyAdds(for: shape)) + (shortcut?.multiplyAdds(for: shape) ?? 0)
    }
}
