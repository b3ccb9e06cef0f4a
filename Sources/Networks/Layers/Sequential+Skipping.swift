/// Switching blocks between their full and skipped form (see ``SkippableBlock``).
extension Sequential {
    /// The names of the ``SkippableBlock``s among the layers, in order (e.g. `layer1.0`, `stage2`).
    public var skippableBlockNames: [String] {
        layers.compactMap { ($0 as? any SkippableBlock)?.name }
    }

    /// Skips exactly the blocks named in `names` and runs every other block in full.
    ///
    /// Parameters are shared between both forms, so one network serves all its sub-networks:
    /// switch, run forward and backward, switch back. Names of no block are ignored here;
    /// ``Architecture/validate()`` rejects them in architectures.
    public mutating func skipBlocks(named names: Set<String>) {
        for index in layers.indices {
            guard var block = layers[index] as? any SkippableBlock else { continue }
            let skipped = names.contains(block.name)
            guard block.isSkipped != skipped else { continue }
            block.isSkipped = skipped
            layers[index] = block
        }
    }
}
