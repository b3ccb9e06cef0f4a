/// Sub-networks: a model with some blocks skipped, sharing the weights of its full network.
extension Model {
    /// The sub-network of this model that skips `blocks`
    /// (``Architecture/skipping(_:)``), as a plain model: its own architecture (with
    /// ``Architecture/skippedBlocks``) and a copy of exactly the parameters it uses.
    ///
    /// Every other command (forward, measure, retrain, model files) takes the result as it takes
    /// any model; writing it stores only the weights it runs.
    ///
    /// - Throws: ``ModelError/Code/invalidArchitecture`` when a name is not a skippable block of the
    ///   architecture, ``ModelError/Code/missingParameter`` when this model already skips a block the
    ///   sub-network runs or, in a plain conv net, has no adapter for a stage to drop.
    public func skipping(_ blocks: some Sequence<String>) throws(ModelError) -> Model {
        var architecture = architecture.skipping(blocks)
        architecture.stageAdapters = false  // only the skipped stages' adapters run
        var subnetwork = try Model(architecture)
        let own = Dictionary(uniqueKeysWithValues: stateDict.map { ($0.name, $0.value) })
        if architecture.residualStages.isEmpty,
            let stage = architecture.skippedBlocks.first(where: { own["\($0).adapter.0.weight"] == nil })
        {
            throw ModelError(
                .missingParameter,
                "\(architecture.name.rawValue) has no adapter for \(stage), so it cannot drop that stage: only networks "
                    + "trained with stage adapters (the Teammates of `preindex train --cooperative`) can")
        }
        let wanted = Set(subnetwork.parameters.map(\.name))
        try subnetwork.load(stateDict: own.filter { wanted.contains($0.key) })
        return subnetwork
    }
}
