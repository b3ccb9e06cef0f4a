import Datasets
import Measures
import Networks
import Testing
import Tensors
import TestSupport

private func resnetMini() throws -> Model {
    try Model(Architecture(.resnetMini, inputChannels: 3, inputHeight: 32, inputWidth: 32, classes: 10), seed: 1)
}

@Test func noShiftGivesZeroForEveryComponent() throws {
    let data = BuiltinShapes(trainCount: 48, testCount: 0, seed: 2).generate().train
    var measurement = try Measurement(model: try resnetMini())
    for batch in try Batches(data, batchSize: 20) {
        try measurement.add(clean: batch.images, shifted: [batch.images], labels: batch.labels)
    }
    let result = try measurement.finish(shift: "identity")
    #expect(result.samples == 48)
    for component in result.p.all { #expect(component.value == 0, "p.\(component.distance).\(component.bins)") }
    for bins in PreIndexComponents.binCounts { #expect(result.p.principledW1[bins] == 0) }
    #expect(result.invARI.clean == result.invARI.shiftedOwn && result.invARI.clean == result.invARI.shiftedClean)
    #expect(result.arm == 0)
    #expect(result.preindex == 0)
    #expect(result.accuracy?.clean == result.accuracy?.shifted)
}

@Test func participatingLayersAreTheConvolutionsWiderThanTheClasses() throws {
    let measurement = try Measurement(model: try resnetMini())
    // resnet-mini: widths 16, 32, 64 — all above 10 classes; the classifier (10 wide) is left out.
    #expect(measurement.layers.map(\.name) == [
        "conv1", "layer1.0.conv1", "layer1.0.conv2", "layer2.0.conv1", "layer2.0.conv2", "layer2.0.shortcut.0",
        "layer3.0.conv1", "layer3.0.conv2", "layer3.0.shortcut.0",
    ])
    #expect(measurement.embeddingLayer == "layer3.0.conv2")
}

@Test func unknownEmbeddingLayerIsAClearError() throws {
    let error = try #require(throws: MeasureError.self) {
        try Measurement(model: try resnetMini(), embeddingLayer: "layer9.0.conv2")
    }
    #expect(error.code == .unknownLayer)
    #expect(error.message.contains("layer9.0.conv2") && error.message.contains("layer3.0.conv2"))
}

@Test func finishingWithoutSamplesIsAClearError() throws {
    let measurement = try Measurement(model: try resnetMini())
    #expect(throws: MeasureError.self) { try measurement.finish(shift: nil) }
}

@Test func noisierImagesGiveALargerIndex() throws {
    let data = BuiltinShapes(trainCount: 40, testCount: 0, seed: 3).generate().train
    var measurement = try Measurement(model: try resnetMini(), shiftCount: 2)
    var generator = SeededGenerator(seed: 4)
    for batch in try Batches(data, batchSize: 40) {
        let noisy = { (std: Float) in
            Tensor(shape: batch.images.shape, scalars: batch.images.scalars.map { min(1, max(0, $0 + std * generator.nextNormal())) })
        }
        try measurement.add(clean: batch.images, shifted: [noisy(0.05), noisy(0.3)], labels: batch.labels)
    }
    let small = try measurement.finish(shiftIndex: 0, shift: "small"), large = try measurement.finish(shiftIndex: 1, shift: "large")
    #expect(small.preindex > 0 && large.preindex > small.preindex)
    #expect(large.arm > small.arm)
}

@Test func formulasParseCombineAndRejectUnknownComponents() throws {
    #expect(Formula.default.description == "p.js.64")
    let combined = try Formula(parsing: "p.js.64 + 0.03*inv_ari.delta - arm")
    #expect(combined.description == "p.js.64 + 0.03*inv_ari.delta - arm")
    #expect(combined.evaluate { ["p.js.64": 1, "inv_ari.delta": 10, "arm": 0.5][$0]! } == 1 + 0.3 - 0.5)
    let error = try #require(throws: MeasureError.self) { try Formula(parsing: "p.js.128") }
    #expect(error.code == .invalidFormula)
}

@Test func measuringCopiesOfOneModelConcurrentlyGivesTheSameResults() async throws {
    // A model value shared by concurrent tasks (as a worker running several tasks would) must
    // behave as independent copies: copy-on-write, no shared mutable state.
    let model = try resnetMini()
    let data = BuiltinShapes(trainCount: 64, testCount: 0, seed: 9).generate().train
    let images = data.images, labels = data.labels
    let shifted = Tensor(shape: images.shape, scalars: images.scalars.map { min(1, $0 + 0.1) })
    let values = try await withThrowingTaskGroup(of: Double.self) { group in
        for _ in 0..<4 {
            group.addTask {
                var measurement = try Measurement(model: model)
                try measurement.add(clean: images, shifted: [shifted], labels: labels)
                return try measurement.finish(shift: "brighter").preindex
            }
        }
        return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(Set(values).count == 1)
}
