import Cooperative
import Foundation
import Networks
import Testing
import Tensors
import TestSupport

private let mini = Architecture(.resnetMini, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4)

@Test func packageOffersEveryDepthOfBothTeammatesWithValidShapes() throws {
    let package = try CooperativePackage(architecture: mini)
    #expect(package.depths == [3, 2, 1])
    #expect(package.depthTable.map(\.member.description) == [
        "teammate-a@3", "teammate-a@2", "teammate-a@1", "teammate-b@3", "teammate-b@2", "teammate-b@1",
    ])
    let images = randomTensor([2, 3, 8, 8], in: 0...1, seed: 1)
    for row in package.depthTable {
        var model = try package.model(of: row)
        #expect(model.architecture.depth == row.depth)
        #expect(try model.forward(images).shape == [2, 4])
        #expect(abs(2 * Double(model.multiplyAdds()) / 1e6 - row.megaFLOPs) < 1e-9)
    }
    for teammate in Teammate.allCases {
        let flops = package.depthTable.filter { $0.teammate == teammate }.map(\.megaFLOPs)
        #expect(flops == flops.sorted(by: >), "deeper networks cost more: \(flops)")
    }
}

@Test func depthSelectionPicksTheDeepestNetworkWithinTheBudget() throws {
    var package = try CooperativePackage(architecture: mini)
    let full = package.depthTable[0].megaFLOPs
    #expect(try package.deepest(fittingMFLOPs: full).architecture.depth == 3)
    let rowA2 = try package.row(depth: 2, teammate: .a), rowB2 = try package.row(depth: 2, teammate: .b)
    let budget = max(rowA2.megaFLOPs, rowB2.megaFLOPs)
    #expect(try package.deepestRow(fittingMFLOPs: budget).depth == 2)
    // Between two networks of one depth, the more accurate one.
    try package.recordTestAccuracy { model in model.architecture.skippedBlocks == rowB2.skippedBlocks ? 0.9 : 0.5 }
    #expect(try package.deepestRow(fittingMFLOPs: budget).teammate == .b)
    #expect(try package.member(depth: 2).architecture.skippedBlocks == rowB2.skippedBlocks)
    #expect(try package.member(depth: 2, teammate: .a).architecture.skippedBlocks == rowA2.skippedBlocks)
    let tooSmall = try #require(throws: CooperativeError.self) { try package.deepest(fittingMFLOPs: 0.001) }
    #expect(tooSmall.code == .noSuchMember)
    let noDepth = try #require(throws: CooperativeError.self) { try package.member(depth: 7) }
    #expect(noDepth.message.contains("no network of depth 7"))
}

@Test func networkWithoutBlocksToSkipIsRejectedWithAClearMessage() throws {
    let mlp = Architecture(.mlp, inputChannels: 3, inputHeight: 8, inputWidth: 8, classes: 4)
    let error = try #require(throws: CooperativeError.self) { try CooperativePackage(architecture: mlp) }
    #expect(error.code == .unsupportedArchitecture)
    #expect(error.message.contains("cooperative training needs an architecture with blocks to skip"))
    #expect(error.message.contains("mlp has none"))
    let depth = try #require(throws: CooperativeError.self) {
        try CooperativePackage(architecture: mini, configuration: CooperativeConfiguration(teammateDepths: [3]))
    }
    #expect(depth.code == .invalidConfiguration)
    let clip = try #require(throws: CooperativeError.self) {
        try CooperativePackage(architecture: mini, configuration: CooperativeConfiguration(gradientClipNorm: 0))
    }
    #expect(clip.message.contains("gradient norm limit must be a number > 0, got 0"))
}

@Test func packageFileRoundTripsNetworksAndDepthTable() throws {
    let path = temporaryPath("package.safetensors")
    defer { removeFile(path) }
    var package = try CooperativePackage(
        architecture: mini,
        configuration: CooperativeConfiguration(
            leaderArchitecture: .resnet18, teammateDepths: [1], subnetworksPerStep: 1, subnetworkDraw: .bySkippedBlocks, seed: 5,
            gradientClipNorm: 3))
    try package.recordTestAccuracy { Double($0.architecture.depth) / 10 }
    let batches = (0..<2).map { LabelledBatch(images: randomTensor([4, 3, 8, 8], in: 0...1, seed: 10 + UInt64($0)), labels: [0, 1, 2, 3]) }
    try package.recalibrateBatchNorm(on: batches)
    #expect(Set(package.batchNormStatistics.keys) == [.teammate(.a, depth: 1), .teammate(.b, depth: 1)])
    try package.write(toFile: path)
    let loaded = try CooperativePackage(contentsOfFile: path)
    #expect(loaded.depthTable == package.depthTable)
    #expect(loaded.configuration == package.configuration)
    #expect(loaded.configuration.subnetworkDraw == .bySkippedBlocks)
    #expect(loaded.batchNormStatistics.keys == package.batchNormStatistics.keys)
    #expect(loaded.leader.architecture.name == .resnet18)
    let images = randomTensor([2, 3, 8, 8], in: 0...1, seed: 2)
    for member in package.members {
        var original = try package.model(member), reread = try loaded.model(member)
        #expect(try reread.forward(images) == original.forward(images), "\(member)")
    }
    let file = try SafeTensors(contentsOfFile: path)
    #expect(file.names.contains("leader.conv1.weight"))
    #expect(file.names.contains("teammate-b.layer3.0.conv2.weight"))
    #expect(file.names.contains("teammate-b@1.layer3.0.bn1.running_var"))
}

@Test func truncatedOrPlainModelFileIsNotAPackage() throws {
    let path = temporaryPath("broken-package.safetensors")
    defer { removeFile(path) }
    try CooperativePackage(architecture: mini).write(toFile: path)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    for length in [0, 7, 200, bytes.count / 2, bytes.count - 1] {
        try bytes.prefix(length).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: CooperativeError.self) { try CooperativePackage(contentsOfFile: path) }
        #expect(error.code == .invalidPackage)
        #expect(error.message.contains(path))
    }
    try Model(mini).write(toFile: path)
    let plain = try #require(throws: CooperativeError.self) { try CooperativePackage(contentsOfFile: path) }
    #expect(plain.message.contains("not a cooperative package"))
}

@Test func recalibrationGivesEachSubnetworkItsOwnBatchNormStatistics() throws {
    var package = try CooperativePackage(architecture: mini)
    let batches = (0..<3).map {
        LabelledBatch(images: randomTensor([4, 3, 8, 8], in: 0...1, seed: 20 + UInt64($0)), labels: [0, 1, 2, 3])
    }
    let sharedBefore = try package.member(depth: 1, teammate: .b).stateDict.first { $0.name == "layer3.0.bn2.running_mean" }!.value
    try package.recalibrateBatchNorm(on: batches)
    let subnetwork = try package.member(depth: 1, teammate: .b)
    let own = subnetwork.stateDict.first { $0.name == "layer3.0.bn2.running_mean" }!.value
    let teammate = package.teammateB.stateDict.first { $0.name == "layer3.0.bn2.running_mean" }!.value
    #expect(own != sharedBefore)
    #expect(own != teammate, "the sub-network's statistics are its own, not the full Teammate's")
    // Weights stay shared.
    let weight = { (model: Model) in model.stateDict.first { $0.name == "layer3.0.conv1.weight" }!.value }
    #expect(weight(subnetwork) == weight(package.teammateB))
}

@Test func plainConvNetTeammatesDropStagesThroughAdapters() throws {
    let vgg = Architecture(.vggMini, inputChannels: 3, inputHeight: 16, inputWidth: 16, classes: 4)
    let package = try CooperativePackage(architecture: vgg)
    #expect(package.depths == [3, 2, 1])
    #expect(!package.leader.stateDict.contains { $0.name.contains("adapter") }, "the Leader never drops a stage")
    #expect(package.teammateA.architecture.stageAdapters)
    // Deepest-first keeps the first stages, interleaved drops stage2 first.
    #expect(try package.member(depth: 2, teammate: .a).architecture.skippedBlocks == ["stage3"])
    #expect(try package.member(depth: 2, teammate: .b).architecture.skippedBlocks == ["stage2"])
    let rows = package.depthTable.filter { $0.teammate == .a }.sorted { $0.depth > $1.depth }
    #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.megaFLOPs > $1.megaFLOPs }, "shallower is cheaper")
}
