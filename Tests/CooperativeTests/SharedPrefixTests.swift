import Cooperative
import Networks
import Tensors
import Testing
import TestSupport

private let mini = Architecture(.resnetMini, inputChannels: 3, inputHeight: 12, inputWidth: 12, classes: 5)

private func batch(seed: UInt64) -> LabelledBatch {
    LabelledBatch(images: randomTensor([6, 3, 12, 12], in: 0...1, seed: seed), labels: [0, 1, 2, 3, 4, 1])
}

/// The reference step: every network, sub-networks included, runs its own full forward and backward
/// pass (what the trainer did before it shared prefixes).
private func separatePasses(_ package: inout CooperativePackage, batch: LabelledBatch) throws
    -> [CooperativeMember: Double]
{
    let crossEntropy = CrossEntropyLoss()
    let distillation = DistillationLoss(temperature: package.configuration.temperature)
    var losses: [CooperativeMember: Double] = [:]
    let leaderLogits = try package.leader.forward(batch.images, context: .training)
    let leaderLoss = crossEntropy(logits: leaderLogits, labels: batch.labels)
    losses[.leader] = leaderLoss.loss
    package.leader.backward(leaderLoss.gradient)
    var logits: [Teammate: Tensor] = [:]
    for teammate in Teammate.allCases {
        logits[teammate] = try package[teammate].forward(batch.images, context: .training)
    }
    let full = package.teammateArchitecture.depth
    for teammate in Teammate.allCases {
        let ce = crossEntropy(logits: logits[teammate]!, labels: batch.labels)
        losses[.teammate(teammate, depth: full)] = ce.loss
        var gradient = ce.gradient
        gradient.add(distillation(student: logits[teammate]!, teacher: leaderLogits).gradient)
        gradient.add(distillation(student: logits[teammate]!, teacher: logits[teammate == .a ? .b : .a]!).gradient)
        package[teammate].backward(gradient)
    }
    for teammate in Teammate.allCases {
        for depth in package.depths.dropFirst() {
            package[teammate].network.skipBlocks(named: Set(package.skippedBlocks(teammate, depth: depth)))
            let subLogits = try package[teammate].forward(batch.images, context: .training)
            let ce = crossEntropy(logits: subLogits, labels: batch.labels)
            losses[.teammate(teammate, depth: depth)] = ce.loss
            var gradient = ce.gradient
            gradient.add(distillation(student: subLogits, teacher: logits[teammate]!).gradient)
            package[teammate].backward(gradient)
            package[teammate].network.skipBlocks(named: [])
        }
    }
    return losses
}

private func gradients(_ model: Model) -> [String: Tensor] {
    Dictionary(uniqueKeysWithValues: model.parameters.filter(\.isTrainable).map { ($0.name, $0.gradient) })
}

private let bothOrders: [[SkipOrder]] = [[.deepestFirst, .interleaved], [.interleaved, .deepestFirst]]

@Test(arguments: bothOrders)
func sharedPrefixStepGivesTheGradientsOfSeparateSubnetworkPasses(orders: [SkipOrder]) throws {
    // Depths 0, 1, 2: with interleaved, depths 1 and 0 branch off at the same block.
    let configuration = CooperativeConfiguration(teammateDepths: [0, 1, 2], skipOrders: orders, seed: 11)
    try expectSharedPrefixGradients(mini, configuration)
}

@Test(arguments: bothOrders)
func sharedPrefixStepGivesTheGradientsOfSeparatePassesOnResNet18(orders: [SkipOrder]) throws {
    let resnet18 = Architecture(.resnet18, inputChannels: 3, inputHeight: 12, inputWidth: 12, classes: 5)
    try expectSharedPrefixGradients(resnet18, CooperativeConfiguration(skipOrders: orders, seed: 18))
}

@Test(arguments: bothOrders)
func sharedPrefixStepGivesTheGradientsOfSeparatePassesWhenStagesAreDropped(orders: [SkipOrder]) throws {
    // cnn drops its two stages through adapters (depths 0 and 1).
    let cnn = Architecture(.cnn, inputChannels: 3, inputHeight: 12, inputWidth: 12, classes: 5)
    try expectSharedPrefixGradients(cnn, CooperativeConfiguration(teammateDepths: [0, 1], skipOrders: orders, seed: 11))
}

private func expectSharedPrefixGradients(_ architecture: Architecture, _ configuration: CooperativeConfiguration)
    throws
{
    var shared = try CooperativePackage(architecture: architecture, configuration: configuration)
    var separate = shared
    var trainer = CooperativeTrainer(configuration: configuration, optimizer: SGD(learningRate: 0.1))
    let sharedLosses = try trainer.accumulateGradients(&shared, batch: batch(seed: 12))
    let separateLosses = try separatePasses(&separate, batch: batch(seed: 12))

    #expect(Set(sharedLosses.keys) == Set(shared.members))
    for (member, loss) in separateLosses {
        #expect(abs(try #require(sharedLosses[member]) - loss) <= 1e-5 * abs(loss), "\(member)")
    }
    for network in [\CooperativePackage.leader, \.teammateA, \.teammateB] {
        let expected = gradients(separate[keyPath: network]), actual = gradients(shared[keyPath: network])
        #expect(Set(actual.keys) == Set(expected.keys))
        for (name, gradient) in expected.sorted(by: { $0.key < $1.key }) {
            #expect(gradient.scalars.contains { $0 != 0 }, "\(name) has a gradient")
            let error = relativeError(try #require(actual[name]), gradient)
            #expect(error <= 1e-4, "\(name): relative error \(error)")
        }
    }
}

@Test(arguments: [Architecture.Name.resnetMini, .cnn])
func recalibrationSharesTheTeammatesPrefixAndAveragesTheFirstBatches(name: Architecture.Name) throws {
    let configuration = CooperativeConfiguration(recalibrationSteps: 2, seed: 13)
    var architecture = mini
    architecture.name = name
    var package = try CooperativePackage(architecture: architecture, configuration: configuration)
    var trainer = CooperativeTrainer(configuration: configuration, optimizer: SGD(learningRate: 0.1))
    _ = try trainer.step(&package, batch: batch(seed: 14))
    let before = package
    let batches = [batch(seed: 15), batch(seed: 16), batch(seed: 17)]
    try package.recalibrateBatchNorm(on: batches)

    // Reference: every network on its own, whole forward passes over the first two batches.
    for row in before.depthTable {
        var model = try before.model(of: row)
        for (index, batch) in batches.prefix(2).enumerated() {
            let context = ForwardContext(mode: .training, runningStatistics: .cumulative(batch: index + 1))
            _ = try model.forward(batch.images, context: context)
        }
        let recalibrated = try package.model(of: row).parameters.filter { !$0.isTrainable }
        let buffers = model.parameters.filter { !$0.isTrainable }
        let expected = Dictionary(uniqueKeysWithValues: buffers.map { ($0.name, $0.value) })
        #expect(recalibrated.count == expected.count)
        #expect(row.skippedBlocks.isEmpty || package.batchNormStatistics[row.member] != nil)
        for buffer in recalibrated {
            let error = relativeError(buffer.value, try #require(expected[buffer.name]))
            #expect(error <= 1e-5, "\(row.member) \(buffer.name): relative error \(error)")
        }
    }
}
