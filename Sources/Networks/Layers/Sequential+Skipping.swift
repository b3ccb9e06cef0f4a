/// Switching residual blocks between their full and skipped form (see ``BasicBlock/isSkipped``).
extension Sequential {
    /// The names of the ``BasicBlock``s among the layers, in order (e.g. `layer1.0`, `layer2.0`).
    public var residualBlockNames: [String] {
        layers.compactMap { ($0 as? BasicBlock)?.name }
    }

    /// Skips exactly the residual blocks named in `names` and runs every other block in full.
    ///
    /// Parameters are shared between both forms, so one network serves all its sub-networks:
    /// switch, run forward and backward, switch back. Names of no block are ignored here;
    /// ``Architecture/validate()`` rejects them in architectures.
    public mutating func skipBlocks(named names: Set<String>) {
        for index in layers.indices {
            guard var block = layers[index] as? BasicBlock else { continue }
            let skipped = names.contains(block.name)
            guard block.isSkipped != skipped else { continue }
            block.isSkipped = skipped
            layers[index] = block
        }
    }
}
