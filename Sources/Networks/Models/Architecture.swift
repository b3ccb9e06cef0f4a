import Tensors

/// Which network to build, and for what input: the JSON stored as `preindex.arch` in model files.
///
/// Every architecture adapts to the input's channels and size and to the class count; one that
/// cannot fit (a `vgg-mini` on 4×4 images) is reported by ``validate()``.
public struct Architecture: Codable, Hashable, Sendable {
    /// The architectures PreIndex ships.
    public enum Name: String, Codable, CaseIterable, Sendable {
        /// Two hidden fully connected layers (256, 128).
        case mlp
        /// Two conv–BN–ReLU–maxpool stages (32, 64 channels) and a 128-wide hidden layer.
        case cnn
        /// Five conv–BN–ReLU layers in three pooled stages (32, 32 | 64, 64 | 128), then 256 hidden + dropout.
        case vggMini = "vgg-mini"
        /// A CIFAR ResNet with one BasicBlock per stage and widths 16, 32, 64.
        case resnetMini = "resnet-mini"
        /// The CIFAR form of ResNet-18: 3×3 stem, no max-pool, [2, 2, 2, 2] blocks, widths 64–512.
        case resnet18
    }

    public var name: Name
    public var inputChannels: Int
    public var inputHeight: Int
    public var inputWidth: Int
    public var classes: Int
    /// Per-channel `(x − mean) / std` the model applies to its [0, 1] input first, or none.
    public var normalization: InputNormalization?
    /// Blocks (``skippableBlockNames``) that run their cheap replacement, in network order: a
    /// sub-network of the same weights (``SkippableBlock``; a residual block drops its branch, a
    /// plain conv stage runs its adapter). Empty for the full network, and then absent from the
    /// JSON, so files written before it existed read and write unchanged.
    public var skippedBlocks: [String] = []
    /// Whether every stage of a plain conv net (cnn, vgg-mini) carries an adapter (``ConvStage``),
    /// so that any of them can be skipped at run time: what a network that trains its sub-networks
    /// needs. Skipped stages always carry theirs. False (and absent from the JSON) otherwise.
    public var stageAdapters = false

    public init(
        _ name: Name, inputChannels: Int, inputHeight: Int, inputWidth: Int, classes: Int,
        normalization: InputNormalization? = nil
    ) {
        self.name = name
        self.inputChannels = inputChannels
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.classes = classes
        self.normalization = normalization
    }

    /// The shape of one input batch of `batch` images.
    public func inputShape(batch: Int) -> Shape {
        [batch, inputChannels, inputHeight, inputWidth]
    }

    /// Throws a ``ModelError`` when the sizes are impossible for this architecture.
    public func validate() throws(ModelError) {
        guard inputChannels > 0, inputHeight > 0, inputWidth > 0 else {
            throw ModelError(.invalidArchitecture, "input size \(inputChannels)×\(inputHeight)×\(inputWidth) must be positive")
        }
        if let normalization {
            guard normalization.mean.count == inputChannels, normalization.std.count == inputChannels,
                normalization.mean.allSatisfy(\.isFinite), normalization.std.allSatisfy({ $0.isFinite && $0 > 0 })
            else {
                throw ModelError(
                    .invalidArchitecture,
                    "normalisation needs \(inputChannels) finite means and positive stds, got \(normalization)")
            }
        }
        if let unknown = skippedBlocks.first(where: { !skippableBlockNames.contains($0) }) {
            let blocks = skippableBlockNames.isEmpty ? "none" : skippableBlockNames.joined(separator: ", ")
            throw ModelError(
                .invalidArchitecture,
                "'\(unknown)' is not a block of \(name.rawValue) that can be skipped; its blocks: \(blocks)")
        }
        guard classes >= 2 else {
            throw ModelError(.invalidArchitecture, "\(name.rawValue) needs at least 2 classes, got \(classes)")
        }
        let out: Shape
        do {
            out = try makeNetwork(seed: 0).outputShape(for: inputShape(batch: 1))
        } catch {
            throw ModelError(
                .invalidArchitecture,
                "\(name.rawValue) cannot take \(inputChannels)×\(inputHeight)×\(inputWidth) inputs: \(error.message)")
        }
        guard out == [1, classes] else {
            throw ModelError(.invalidArchitecture, "\(name.rawValue) produced \(out) logits, expected [1, \(classes)]")
        }
    }

    /// A freshly initialised network (weights drawn from `seed`).
    public func makeNetwork(seed: UInt64) -> Sequential {
        var generator = SeededGenerator(seed: seed)
        // Adapters draw from their own stream, so the other weights do not depend on having them.
        var adapters = SeededGenerator(seed: seed, stream: 0xADA9)
        var network: Sequential
        switch name {
        case .mlp: network = mlp(generator: &generator)
        case .cnn: network = cnn(generator: &generator, adapters: &adapters)
        case .vggMini: network = vggMini(generator: &generator, adapters: &adapters)
        case .resnetMini, .resnet18:
            let stages = residualStages
            network = resnet(widths: stages.map(\.width), blocks: stages.map(\.blocks), generator: &generator)
        }
        if !skippedBlocks.isEmpty { network.skipBlocks(named: Set(skippedBlocks)) }
        return network
    }
}
