import Cooperative
import Datasets
import Logging
import Networks
import Testing
import Tensors

private func batches(_ dataset: Dataset, epoch: Int) throws -> [LabelledBatch] {
    try Batches(dataset, batchSize: 32, order: .shuffled(seed: 1), epoch: epoch)
        .map { LabelledBatch(images: $0.images, labels: $0.labels) }
}

@Test(arguments: [Architecture.Name.resnetMini, .cnn])
func cooperativeRunOnShapesLowersEveryMembersLoss(name: Architecture.Name) throws {
    let splits = BuiltinShapes(trainCount: 256, testCount: 16, seed: 3).generate()
    let architecture = Architecture(
        name, inputChannels: 3, inputHeight: BuiltinShapes.size, inputWidth: BuiltinShapes.size,
        classes: BuiltinShapes.classCount)
    let configuration = CooperativeConfiguration(seed: 4)
    var package = try CooperativePackage(architecture: architecture, configuration: configuration)
    var trainer = CooperativeTrainer(
        configuration: configuration, optimizer: SGD(learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4))
    var history: [[CooperativeMember: Double]] = []
    for epoch in 0..<5 {
        history.append(
            try trainer.trainEpoch(&package, epoch: epoch, batches: try batches(splits.train, epoch: epoch), logger: Logger(label: "test")))
    }
    #expect(Set(history[0].keys) == Set(package.members))
    for member in package.members {
        let first = try #require(history.first?[member]), last = try #require(history.last?[member])
        #expect(last < first * 0.95, "\(member): cross-entropy per epoch \(history.map { $0[member] ?? .nan })")
    }
}

@Test func sampledSubnetworksTrainOnlyTheDrawnDepthsPerStep() throws {
    let architecture = Architecture(.resnet18, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4)
    let configuration = CooperativeConfiguration(teammateDepths: [2, 4, 6], subnetworksPerStep: 1, seed: 6)
    var package = try CooperativePackage(architecture: architecture, configuration: configuration)
    var trainer = CooperativeTrainer(configuration: configuration, optimizer: SGD(learningRate: 0.01))
    var generator = SeededGenerator(seed: 7)
    let images = Tensor(shape: [4, 3, 8, 8], scalars: (0..<768).map { _ in generator.nextUnit() })
    let losses = try trainer.step(&package, batch: LabelledBatch(images: images, labels: [0, 1, 2, 3]))
    // Leader, two full Teammates, and one sub-network of each Teammate.
    #expect(losses.count == 5)
    #expect(losses.values.allSatisfy { $0.isFinite })
    #expect(package.teammateA.network.skippableBlockNames.count == 8)
    #expect(try package.member(depth: 8, teammate: .a).architecture.skippedBlocks.isEmpty, "skips are switched back off")
}

@Test func nonFiniteImagesAreAClearTrainingError() throws {
    let architecture = Architecture(.resnetMini, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4)
    var package = try CooperativePackage(architecture: architecture)
    var trainer = CooperativeTrainer(configuration: package.configuration, optimizer: SGD(learningRate: 0.01))
    var images = Tensor(zeros: [2, 3, 8, 8])
    images[flat: 5] = .nan
    let error = try #require(throws: CooperativeError.self) {
        try trainer.step(&package, batch: LabelledBatch(images: images, labels: [0, 1]))
    }
    #expect(error.code == .training)
    #expect(error.message.hasPrefix("leader:"))
}

@Test func clippedStepMovesNoNetworkFartherThanTheGradientNormLimit() throws {
    let architecture = Architecture(.resnetMini, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4)
    var generator = SeededGenerator(seed: 8)
    let batch = LabelledBatch(
        images: Tensor(shape: [4, 3, 8, 8], scalars: (0..<768).map { _ in generator.nextUnit() }), labels: [0, 1, 2, 3])
    func change(clip: Double?) throws -> [Double] {
        let configuration = CooperativeConfiguration(seed: 9, gradientClipNorm: clip)
        var package = try CooperativePackage(architecture: architecture, configuration: configuration)
        let before = [package.leader, package.teammateA, package.teammateB]
        // Plain SGD at rate 1: each network moves by exactly its (clipped) gradient.
        var trainer = CooperativeTrainer(configuration: configuration, optimizer: SGD(learningRate: 1))
        _ = try trainer.step(&package, batch: batch)
        return zip(before, [package.leader, package.teammateA, package.teammateB]).map { old, new in
            zip(old.parameters, new.parameters).filter { $0.0.isTrainable }.reduce(0.0) { sum, pair in
                zip(pair.0.value.scalars, pair.1.value.scalars).reduce(sum) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
            }.squareRoot()
        }
    }
    let free = try change(clip: nil), clipped = try change(clip: 0.01)
    #expect(free.allSatisfy { $0 > 0.02 }, "unclipped steps: \(free)")
    #expect(clipped.allSatisfy { abs($0 - 0.01) < 1e-4 }, "clipped steps: \(clipped)")
}
