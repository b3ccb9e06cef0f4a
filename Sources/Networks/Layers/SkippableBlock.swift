/// A block that a sub-network may skip, replacing its computation by a cheap one of the same
/// output shape: a residual block drops its branch (``BasicBlock``), a plain conv stage runs its
/// adapter (``ConvStage``). Parameters keep their names either way, so one network serves all
/// its sub-networks (``Sequential/skipBlocks(named:)``).
public protocol SkippableBlock: Layer {
    /// What ``Architecture/skippedBlocks`` lists: `layer2.0` for a residual block, `stage2` for a stage.
    var name: String { get }
    /// Whether the block runs its cheap replacement.
    var isSkipped: Bool { get set }
}

extension BasicBlock: SkippableBlock {}
