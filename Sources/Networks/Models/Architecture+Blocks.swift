/// The block structure of an architecture: which blocks a sub-network may skip and which it skips.
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

    /// The names of the blocks a sub-network may skip, in network order (``SkippableBlock``): what
    /// ``skippedBlocks`` may name. The residual blocks of a ResNet (`layer1.0`, `layer1.1`,
    /// `layer2.0`, …), the stages of a plain conv net (`stage1`, `stage2`, …), none for mlp.
    public var skippableBlockNames: [String] {
        switch name {
        case .mlp: []
        case .cnn: ["stage1", "stage2"]
        case .vggMini: ["stage1", "stage2", "stage3"]
        case .resnetMini, .resnet18:
            residualStages.enumerated().flatMap { stage, shape in (0..<shape.blocks).map { "layer\(stage + 1).\($0)" } }
        }
    }

    /// The number of blocks that run: all skippable blocks minus the skipped ones.
    public var depth: Int {
        skippableBlockNames.count - Set(skippedBlocks).count
    }

    /// The same architecture with `blocks` skipped (in addition to none: `skippedBlocks` is
    /// replaced), listed in network order.
    ///
    /// The result is checked by ``validate()`` when a ``Model`` is built from it.
    public func skipping(_ blocks: some Sequence<String>) -> Architecture {
        var copy = self
        let names = Set(blocks)
        let order = skippableBlockNames
        copy.skippedBlocks = order.filter(names.contains) + names.subtracting(order).sorted()
        return copy
    }
}
