/// Sub-networks: a model with some residual blocks skipped, sharing the weights of its full network.
extension Model {
    /// The sub-network of this model that skips the residual branches of `blocks`
    /// (``Architecture/skipping(_:)``), as a plain model: its own architecture (with
    /// ``Architecture/skippedBlocks``) and a copy of exactly the parameters it uses.
    ///
    /// Every other command (forward, measure, retrain, model files) takes the result as it takes
    /// any model; writing it stores only the weights it runs.
    ///
    /// - Throws: ``ModelError/Code/invalidArchitecture`` when a name is not a residual block of the
    ///   architecture, ``ModelError/Code/missingParameter`` when this model already skips a block the
    ///   sub-network runs.
    public func skipping(_ blocks: some Sequence<String>) throws(ModelError) -> Model {
        var subnetwork = try Model(architecture.skipping(blocks))
        let own = Dictionary(uniqueKeysWithValues: stateDict.map { ($0.name, $0.value) })
        let wanted = Set(subnetwork.parameters.map(\.name))
        try subnetwork.load(stateDict: own.filter { wanted.contains($0.key) })
        return subnetwork
    }
}
