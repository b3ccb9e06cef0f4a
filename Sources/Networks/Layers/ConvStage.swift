import Tensors

/// A stage of a plain conv net (its conv–BN–ReLU layers and the 2× max-pool that ends it) that a
/// sub-network may drop.
///
/// A *skipped* stage runs its adapter instead: `relu(bn(conv1×1 with stride 2))` from the stage's
/// input channels to its output channels, the same output shape as the stage, so the layers after
/// it fit (the plain-net counterpart of a residual block's projection shortcut). The adapter
/// (`<name>.adapter.0` convolution, `<name>.adapter.1` BatchNorm) exists only in networks that may
/// skip the stage; a skipped stage's own parameters are neither used nor listed.
public struct ConvStage: SkippableBlock {
    public let name: String
    public var body: Sequential
    public var adapter: Sequential?
    public var isSkipped = false

    /// A stage named `name` (e.g. `stage2`) running `body`, which halves the resolution and maps
    /// `inChannels` to `outChannels`; `withAdapter` adds an adapter whose weights are drawn from
    /// `adapterGenerator` (untouched otherwise, so networks without adapters are unchanged).
    public init(
        _ name: String, body: [any Layer], inChannels: Int, outChannels: Int, withAdapter: Bool,
        adapterGenerator: inout SeededGenerator
    ) {
        self.name = name
        self.body = Sequential(body)
        if withAdapter {
            adapter = Sequential([
                Conv2d(name + ".adapter.0", inChannels, outChannels, kernel: 1, stride: 2, generator: &adapterGenerator),
                BatchNorm2d(name + ".adapter.1", outChannels),
                ReLU(),
            ])
        }
    }

    public mutating func forward(_ input: Tensor, context: ForwardContext) throws(TensorError) -> Tensor {
        guard isSkipped else { return try body.forward(input, context: context) }
        guard adapter != nil else { throw Self.missingAdapter(name) }
        return try adapter!.forward(input, context: context)
    }

    public mutating func backward(_ gradOutput: Tensor) -> Tensor {
        isSkipped ? adapter!.backward(gradOutput) : body.backward(gradOutput)
    }

    public mutating func visitParameters(_ body: (inout Parameter) -> Void) {
        if !isSkipped { self.body.visitParameters(body) }
        adapter?.visitParameters(body)
    }

    public func outputShape(for shape: Shape) throws(TensorError) -> Shape {
        guard isSkipped else { return try body.outputShape(for: shape) }
        guard let adapter else { throw Self.missingAdapter(name) }
        return try adapter.outputShape(for: shape)
    }

    public func multiplyAdds(for shape: Shape) throws(TensorError) -> Int {
        guard isSkipped else { return try body.multiplyAdds(for: shape) }
        guard let adapter else { throw Self.missingAdapter(name) }
        return try adapter.multiplyAdds(for: shape)
    }

    private static func missingAdapter(_ name: String) -> TensorError {
        TensorError(.shapeMismatch, "stage \(name) is skipped but this network has no adapter for it")
    }
}
