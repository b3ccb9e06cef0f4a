import Foundation
import Networks
import Testing
import Tensors
import TestSupport

private let mini = Architecture(.resnetMini, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4)

@Test func skippedIdentityBlockPassesItsInputThrough() throws {
    var generator = SeededGenerator(seed: 1)
    var block = BasicBlock("layer1.1", 4, 4, stride: 1, generator: &generator)
    block.isSkipped = true
    let input = randomTensor([2, 4, 5, 5], in: 0...1, seed: 2)
    #expect(try block.forward(input, context: .inference) == input)
    var parameterCount = 0
    block.visitParameters { _ in parameterCount += 1 }
    #expect(parameterCount == 0, "a skipped identity block uses no parameters")
}

@Test func skippedDownsamplingBlockIsItsProjection() throws {
    var generator = SeededGenerator(seed: 3)
    var block = BasicBlock("layer2.0", 4, 8, stride: 2, generator: &generator)
    let input = randomTensor([2, 4, 6, 6], in: 0...1, seed: 4)
    var projection = try #require(block.shortcut)
    var expected = try projection.forward(input, context: .inference)
    expected.withUnsafeMutableBufferPointer { x in for i in x.indices { x[i] = max(0, x[i]) } }
    block.isSkipped = true
    #expect(try block.forward(input, context: .inference) == expected)
    #expect(try block.outputShape(for: input.shape) == [2, 8, 3, 3])
    #expect(try block.multiplyAdds(for: input.shape) == 4 * 8 * 9 * 2)
}

@Test(arguments: [Architecture.Name.resnetMini, .resnet18, .cnn, .vggMini])
func everySubsetOfSkippedBlocksGivesValidLogits(name: Architecture.Name) throws {
    var architecture = Architecture(name, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4)
    architecture.stageAdapters = architecture.residualStages.isEmpty  // plain nets drop stages through adapters
    let full = try Model(architecture, seed: 5)
    let blocks = architecture.skippableBlockNames
    let images = randomTensor([2, 3, 8, 8], in: 0...1, seed: 6)
    // Drop blocks one at a time, from either end: every prefix and suffix of the block list.
    for count in 0...blocks.count {
        for skipped in [Array(blocks.prefix(count)), Array(blocks.suffix(count))] {
            var subnetwork = try full.skipping(skipped)
            #expect(subnetwork.architecture.depth == blocks.count - count)
            #expect(try subnetwork.forward(images).shape == [2, 4])
            #expect(subnetwork.multiplyAdds() <= full.multiplyAdds())
        }
    }
}

@Test func subnetworkSharesTheFullNetworksWeightsAndWritesOnlyThoseItRuns() throws {
    let path = temporaryPath("subnetwork.safetensors")
    defer { removeFile(path) }
    var full = try Model(mini, seed: 7)
    var subnetwork = try full.skipping(["layer2.0"])
    #expect(subnetwork.architecture.skippedBlocks == ["layer2.0"])
    #expect(!subnetwork.stateDict.contains { $0.name.hasPrefix("layer2.0.conv1") })
    #expect(subnetwork.stateDict.contains { $0.name == "layer2.0.shortcut.0.weight" })
    #expect(subnetwork.trainableParameterCount < full.trainableParameterCount)
    // The same forward as switching the block off in the full network.
    let images = randomTensor([3, 3, 8, 8], in: 0...1, seed: 8)
    full.network.skipBlocks(named: ["layer2.0"])
    #expect(try subnetwork.forward(images) == full.forward(images))
    try subnetwork.write(toFile: path)
    var loaded = try Model(contentsOfFile: path)
    #expect(loaded.architecture == subnetwork.architecture)
    #expect(try loaded.forward(images) == subnetwork.forward(images))
}

@Test func architectureJSONWithoutSkippedBlocksIsUnchanged() throws {
    let json = String(decoding: try JSONEncoder().encode(mini), as: UTF8.self)
    #expect(!json.contains("skippedBlocks"))
    let old = #"{"classes":4,"inputChannels":3,"inputHeight":8,"inputWidth":8,"name":"resnet-mini"}"#
    #expect(try JSONDecoder().decode(Architecture.self, from: Data(old.utf8)) == mini)
    let skipping = mini.skipping(["layer3.0", "layer1.0"])
    #expect(skipping.skippedBlocks == ["layer1.0", "layer3.0"])
    #expect(try JSONDecoder().decode(Architecture.self, from: JSONEncoder().encode(skipping)) == skipping)
}

@Test func skippingABlockTheArchitectureLacksIsAClearError() throws {
    let error = try #require(throws: ModelError.self) { try Model(mini.skipping(["layer4.0"])) }
    #expect(error.code == .invalidArchitecture)
    #expect(error.message.contains("'layer4.0' is not a block of resnet-mini that can be skipped"))
    let cnn = Architecture(.cnn, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4)
    let stages = try #require(throws: ModelError.self) { try Model(cnn.skipping(["layer1.0"])) }
    #expect(stages.message.contains("its blocks: stage1, stage2"))
    let mlp = Architecture(.mlp, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4)
    let none = try #require(throws: ModelError.self) { try Model(mlp.skipping(["stage1"])) }
    #expect(none.message.contains("its blocks: none"))
}

@Test func skippedStageIsItsAdapterAndAdaptersOnlyExistWhereAsked() throws {
    let vgg = Architecture(.vggMini, inputChannels: 3, inputHeight: 16, inputWidth: 16, classes: 4)
    let plain = try Model(vgg, seed: 9)
    #expect(!plain.stateDict.contains { $0.name.contains("adapter") }, "a plain vgg-mini has no adapters")
    var adapted = vgg
    adapted.stageAdapters = true
    var teammate = try Model(adapted, seed: 9)
    #expect(teammate.stateDict.filter { $0.name.hasSuffix("adapter.0.weight") }.count == 3)
    // Adapters draw from their own stream: every other weight is the plain model's.
    let plainWeights = Dictionary(uniqueKeysWithValues: plain.stateDict.map { ($0.name, $0.value) })
    for entry in teammate.stateDict where !entry.name.contains("adapter") { #expect(plainWeights[entry.name] == entry.value) }
    // A sub-network keeps the adapter of the stage it drops, not that stage's layers nor other adapters.
    var subnetwork = try teammate.skipping(["stage2"])
    let names = Set(subnetwork.stateDict.map(\.name))
    #expect(names.contains("stage2.adapter.0.weight") && !names.contains("stage1.adapter.0.weight"))
    #expect(!names.contains("features.7.weight"), "stage2's convolutions are not run")
    #expect(subnetwork.architecture.depth == 2)
    let images = randomTensor([2, 3, 16, 16], in: 0...1, seed: 10)
    teammate.network.skipBlocks(named: ["stage2"])
    #expect(try subnetwork.forward(images) == teammate.forward(images))
    // Skipping a stage of a network built without its adapter is an error, not a crash.
    var bare = try Model(vgg, seed: 9)
    bare.network.skipBlocks(named: ["stage1"])
    #expect(throws: ModelError.self) { try bare.forward(images) }
    let noAdapter = try #require(throws: ModelError.self) { try plain.skipping(["stage1"]) }
    #expect(noAdapter.message.contains("vgg-mini has no adapter for stage1"))
}

@Test func stageAdaptersAreAbsentFromTheJSONUnlessSet() throws {
    var cnn = Architecture(.cnn, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4)
    #expect(!String(decoding: try JSONEncoder().encode(cnn), as: UTF8.self).contains("stageAdapters"))
    cnn.stageAdapters = true
    #expect(try JSONDecoder().decode(Architecture.self, from: JSONEncoder().encode(cnn)) == cnn)
}
