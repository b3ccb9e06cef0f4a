/// The residual structure of an architecture: which blocks exist and which a sub-network skips.
extension Architecture {
    /// The stages of residual blocks, shallowest first: each stage's width and block count.
    /// Empty for architectures without residual blocks (mlp, cnn, vgg-mini).
    public var residualStages: [(width: Int, blocks: Int)] {
        switch name {
        case .mlp, .cnn, .vggMini: []
        case .resnetMini: [(16, 1), (32, 1), (64, 1)]
        case .resnet18: [(64, 2), (128, 2), (256, 2), (512, 2)]
        }
    }

    /// The names of the residual blocks, in network order (`layer1.0`, `layer1.1`, `layer2.0`, …):
    /// what ``skippedBlocks`` may name.
    public var residualBlockNames: [String] {
        residualStages.enumerated().flatMap { stage, shape in (0..<shape.blocks).map { "layer\(stage + 1).\($0)" } }
    }

    /// The number of residual blocks that run: all blocks minus the skipped ones.
    public var depth: Int {
        residualBlockNames.count - Set(skippedBlocks).count
    }

    /// The same architecture with the residual branches of `blocks` dropped (in addition to none:
    /// `skippedBlocks` is replaced), listed in network order.
    ///
    /// The result is checked by ``validate()`` when a ``Model`` is built from it.
    public func skipping(_ blocks: some Sequence<String>) -> Architecture {
        var copy = self
        let names = Set(blocks)
        let order = residualBlockNames
        copy.skippedBlocks = order.filter(names.contains) + names.subtracting(order).sorted()
        return copy
    }
}
